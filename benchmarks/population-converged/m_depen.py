from core import *
from m_accu import fit_beta
# pairs of sources co-claiming an object: for each object, list of (s,t,same_option_index or -1)
PAIRS=collections.defaultdict(list)   # (s,t) s<t -> list of (o, i_s, i_t)
for o in MULTI:
    cl=[(s,i) for i,x in enumerate(SRCS[o]) for s in x]
    for a in range(len(cl)):
        for b in range(a+1,len(cl)):
            (s,i),(t,j)=cl[a],cl[b]
            if s>t: (s,i),(t,j)=(t,j),(s,i)
            PAIRS[(s,t)].append((o,i,j))
def depen(n=100, alpha=0.2, c=0.8, a0=1.0, b0=1.0, conv=1e-6, maxr=300, trace=False, order='acc', eb=False):
    """ACCU with copy detection (Dong, Berti-Equille, Srivastava 2009): n false values, prior dependence alpha, copy rate c."""
    A=[a0/(a0+b0)]*NS; B=[None]*NO; dep={}; a,b=a0,b0
    for r in range(maxr):
        cl=lambda x:min(max(x,1e-9),1-1e-9)
        W=[math.log(n*cl(x)/(1-cl(x))) for x in A]
        for o in range(NO):
            ss=SRCS[o]; C=[]
            for x in ss:
                xs=sorted(x,key=lambda s:-A[s]) if order=='acc' else x
                tot=0.0
                for k,s in enumerate(xs):
                    ind=1.0
                    for t in xs[:k]:
                        ind*=1-c*dep.get((min(s,t),max(s,t)),0.0)
                    tot+=W[s]*ind
                C.append(tot)
            m=max(max(C),0.0); E=[math.exp(q-m) for q in C]; Z=sum(E)+n*math.exp(-m)
            B[o]=[e/Z for e in E]
        # dependence posteriors
        dep={}
        for (s,t),lst in PAIRS.items():
            As,At=cl(A[s]),cl(A[t]); lr=0.0  # log P(Phi|indep) - log P(Phi|dep)
            Pt=As*At; Pf=(1-As)*(1-At)/n; Pd=max(1e-12,1-Pt-Pf)
            for o,i,j in lst:
                if i==j:
                    p=B[o][i]
                    ind=p*Pt+(1-p)*Pf
                    # dependent: copier copies with prob c from the other (average the two directions)
                    dT=0.5*(As+At)*c+Pt*(1-c); dF=0.5*((1-As)+(1-At))*c+Pf*(1-c)
                    d=p*dT+(1-p)*dF
                    lr+=math.log(ind)-math.log(d)
                else:
                    lr+=math.log(Pd)-math.log(Pd*(1-c))
            lr=max(-700,min(700,lr))
            pd=1/(1+(1-alpha)/alpha*math.exp(lr))
            if pd>1e-4: dep[(s,t)]=pd
        X=[0.0]*NS; K=[0]*NS
        for o in MULTI:
            for i,x in enumerate(SRCS[o]):
                for s in x: X[s]+=B[o][i]; K[s]+=1
        if eb:
            idx=[s for s in range(NS) if K[s]>0]; a,b=fit_beta([X[s] for s in idx],[K[s] for s in idx],a,b)
        new=[(a+X[s])/(a+b+K[s]) for s in range(NS)]
        ch=max(abs(x-y) for x,y in zip(new,A)); A=new
        if trace: print(r,round(ch,7),hits(B),len(dep),flush=True)
        if ch<conv: break
    return B,A,r+1,dep
if __name__=='__main__':
    cap=SID['contributor #5512121: capitalbot']
    print('pairs',len(PAIRS))
    for n in (10,100):
        for alpha,c in ((0.2,0.8),):
            B,A,r,dep=depen(n=n,alpha=alpha,c=c,trace=False)
            print(n,alpha,c,round(accuracy(B),3),r,'cap',round(A[cap],3),'deps>0.5',sum(1 for v in dep.values() if v>0.5),flush=True)

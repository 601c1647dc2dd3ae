from core import *
def post(C,n):
    m=max(max(C),0.0); E=[math.exp(c-m) for c in C]; Z=sum(E)+n*math.exp(-m); return [e/Z for e in E]
def loo(n=10,a0=1.0,b0=1.0,conv=1e-6,maxr=300,trace=False):
    A=[a0/(a0+b0)]*NS; B=[None]*NO
    for r in range(maxr):
        W=[math.log(n*x/(1-x)) for x in A]
        X=[0.0]*NS; K=[0]*NS
        for o in range(NO):
            ss=SRCS[o]; C=[sum(W[s] for s in x) for x in ss]
            B[o]=post(C,n)
            if o not in MULTIS: continue
            for i,x in enumerate(ss):
                for s in x:
                    C2=list(C); C2[i]-=W[s]; X[s]+=post(C2,n)[i]; K[s]+=1
        new=[(a0+X[s])/(a0+b0+K[s]) for s in range(NS)]
        ch=max(abs(x-y) for x,y in zip(new,A)); A=new
        if trace: print(r,round(ch,7),hits(B),flush=True)
        if ch<conv: break
    return B,A,r+1
MULTIS=set(MULTI)
if __name__=='__main__':
    for n in (1,2,5,10,100):
        B,A,r=loo(n=n)
        print(n,round(accuracy(B),3),r,flush=True)

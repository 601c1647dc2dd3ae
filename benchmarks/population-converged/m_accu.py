from core import *
def fit_beta(xs, ks, a, b, iters=200):
    """Type-II ML of Beta(a,b) from soft successes xs of ks trials (beta-binomial), by gradient ascent on log a, log b."""
    from math import lgamma
    def ll(la,lb):
        A,B=math.exp(la),math.exp(lb); lb0=lgamma(A)+lgamma(B)-lgamma(A+B)
        return sum(lgamma(A+x)+lgamma(B+k-x)-lgamma(A+B+k)-lb0 for x,k in zip(xs,ks))
    la,lb=math.log(a),math.log(b); cur=ll(la,lb); step=0.5
    while step>1e-4:
        moved=False
        for da,db in ((step,0),(-step,0),(0,step),(0,-step),(step,step),(-step,-step)):
            v=ll(la+da,lb+db)
            if v>cur+1e-12: la,lb,cur=la+da,lb+db,v; moved=True; break
        if not moved: step/=2
    return math.exp(la),math.exp(lb)
def accu(n=10, a0=1.0, b0=1.0, rho=0.0, eb=False, conv=1e-6, maxr=500, trace=False, objs_for_trust=None, expected=False):
    A=[a0/(a0+b0)]*NS; a,b=a0,b0
    T=objs_for_trust if objs_for_trust is not None else MULTI
    B=[None]*NO
    for r in range(maxr):
        W=[math.log(n*min(max(x,1e-12),1-1e-12)/(1-min(max(x,1e-12),1-1e-12))) for x in A]
        for o in range(NO):
            ss=SRCS[o]; C=[sum(W[s] for s in x) for x in ss]
            if rho:
                K=CLOSE[o]; C=[C[i]+rho*sum(K[i][j]*C[j] for j in range(len(C)) if j!=i) for i in range(len(C))]
            m=max(max(C),0.0); E=[math.exp(c-m) for c in C]; Z=sum(E)+n*math.exp(-m)
            B[o]=[e/Z for e in E]
        X=[0.0]*NS; K=[0]*NS
        for o in T:
            for i,x in enumerate(SRCS[o]):
                p=B[o][i]
                for s in x: X[s]+=p; K[s]+=1
        if eb:
            idx=[s for s in range(NS) if K[s]>0]
            a,b=fit_beta([X[s] for s in idx],[K[s] for s in idx],a,b)
        new=[(a+X[s])/(a+b+K[s]) for s in range(NS)]
        ch=max(abs(x-y) for x,y in zip(new,A)); A=new
        if trace: print(r,round(ch,7),hits(B),round(a,3),round(b,3),flush=True)
        if ch<conv: break
    return B,A,r+1,(a,b)
if __name__=='__main__':
    for n in (1,2,5,10,100):
        for eb in (False,True):
            Bl,A,r,ab=accu(n=n,eb=eb)
            print('n',n,'eb',eb,'acc',round(accuracy(Bl),3),'rounds',r,'prior',tuple(round(x,3) for x in ab),'capbot',round(A[SID['contributor #5512121: capitalbot']],3),flush=True)

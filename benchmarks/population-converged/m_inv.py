from core import *
def investment(g=1.2, pooled=True, maxr=500, conv=1e-6, trace=False, every=10):
    """Investment / PooledInvestment (Pasternack & Roth 2010). Trust T_s, claim belief B; each source splits T_s equally over its claims."""
    T=[1.0]*NS; N=NCL
    B=[[1.0/len(SRCS[o])]*len(SRCS[o]) for o in range(NO)]
    hist=[]
    for r in range(maxr):
        T2=[0.0]*NS
        for o in range(NO):
            for i,x in enumerate(SRCS[o]):
                den=sum(T[s]/N[s] for s in x)
                for s in x: T2[s]+=B[o][i]*(T[s]/N[s])/den
        mt=max(T2); T2=[t/mt for t in T2]
        for o in range(NO):
            H=[sum(T2[s]/N[s] for s in x) for x in SRCS[o]]
            if pooled:
                sh=sum(H); G=[h**g for h in H]; sg=sum(G); B[o]=[sh*q/sg for q in G]
            else: B[o]=[h**g for h in H]
        mb=max(max(b) for b in B)
        B=[[q/mb for q in b] for b in B]
        ch=max(abs(x-y) for x,y in zip(T2,T)); T=T2
        if trace and (r%every==0): print(r,ch,hits(B),flush=True)
        hist.append((r+1,ch,hits(B)))
        if ch<conv: break
    return B,T,r+1,hist
if __name__=='__main__':
    import sys
    B,T,r,h=investment(g=float(sys.argv[1]) if len(sys.argv)>1 else 1.2, pooled=True, maxr=300, trace=True)
    print('final',r,h[-1])

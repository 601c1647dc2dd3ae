from core import *
def ltm(a1=(50.0,50.0), a0=(100.0,10000.0), beta=(10.0,10.0), conv=1e-6, maxr=1000, trace=False, multi_only=False):
    """Latent Truth Model (Zhao et al. 2012) fitted by EM (MAP) instead of Gibbs: sensitivity phi1, false-positive rate phi0."""
    phi1=[a1[0]/(a1[0]+a1[1])]*NS; phi0=[a0[0]/(a0[0]+a0[1])]*NS
    lb=math.log(beta[0]/beta[1]); TH=[None]*NO
    objs_used=MULTI if multi_only else range(NO)
    for r in range(maxr):
        lpos=[math.log(phi1[s]/phi0[s]) for s in range(NS)]
        lneg=[math.log((1-phi1[s])/(1-phi0[s])) for s in range(NS)]
        for o in range(NO):
            ss=SRCS[o]; allneg=sum(lneg[s] for x in ss for s in x)
            TH[o]=[1/(1+math.exp(-max(-700,min(700,lb+allneg+sum(lpos[s]-lneg[s] for s in x))))) for x in ss]
        tp=[0.0]*NS; tt=[0.0]*NS; fp=[0.0]*NS; ff=[0.0]*NS
        for o in objs_used:
            ss=SRCS[o]; th=TH[o]; st=sum(th); sf=len(th)-st
            for i,x in enumerate(ss):
                for s in x:
                    tp[s]+=th[i]; fp[s]+=1-th[i]; tt[s]+=st; ff[s]+=sf
        n1=[(a1[0]+tp[s])/(a1[0]+a1[1]+tt[s]) for s in range(NS)]
        n0=[(a0[0]+fp[s])/(a0[0]+a0[1]+ff[s]) for s in range(NS)]
        ch=max(max(abs(x-y) for x,y in zip(n1,phi1)),max(abs(x-y) for x,y in zip(n0,phi0)))
        phi1,phi0=n1,n0
        if trace: print(r,ch,hits(TH),flush=True)
        if ch<conv: break
    return TH,(phi1,phi0),r+1
if __name__=='__main__':
    cap=SID['contributor #5512121: capitalbot']
    for kw in [dict(),dict(a0=(10.0,1000.0)),dict(a1=(5.0,5.0)),dict(a1=(5.0,5.0),a0=(1.0,100.0)),dict(a1=(1.0,1.0),a0=(1.0,1.0))]:
        TH,(p1,p0),r=ltm(**kw)
        print(kw,round(accuracy(TH),3),r,'cap sens/fpr',round(p1[cap],3),round(p0[cap],4),flush=True)

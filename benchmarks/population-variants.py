#!/usr/bin/env python3
"""Truth-discovery variants on the population benchmark, offline (standard library only).

Replicates the service's belief pass (Credibility/BeliefEngine.cs, no verdicts, no relays: every
source a person speaking its own claims) and the well-known alternatives tried against it, and
prints each one's share of the 308 gold objects whose estimate equals the gold value. The
service's own figure comes from `CredibilityApi population` (BENCHMARKS.md); this script only
compares formulations quickly. Usage: population-variants.py <dataset folder> [expression ...]
"""
import collections, math, sys
DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/population"
def clean(t): return ''.join('?' if (ord(c)<32 or 127<=ord(c)<160) else c for c in t.strip())
rows=[]
for line in open(DATA + '/population-new.txt',encoding='latin-1'):
    f=line.rstrip('\n').split('\t')
    if len(f)<4: continue
    rows.append((clean(f[0]),clean(f[1]),float(f[2])))
gold={}
for line in open(DATA + '/population-gd.txt',encoding='latin-1'):
    f=[x.strip() for x in line.rstrip('\n').split(',')]
    if len(f)<3: continue
    gold[clean(', '.join(f[:-2])+'_'+f[-2])]=float(f[-1])

objs=collections.defaultdict(list)   # object -> list of (source, value)
for o,s,v in rows: objs[o].append((s,v))
src_claims=collections.defaultdict(list)  # source -> list of (object, value)
for o,s,v in rows: src_claims[s].append((o,v))
OBJ=list(objs)
def close(a,b,tol=0.10):
    sc=max(abs(a),abs(b)); return 1.0 if sc==0 else math.exp(-abs(a-b)/(tol*sc))
def options(o):
    d=collections.defaultdict(list)
    for s,v in objs[o]: d[v].append(s)
    return d
OPTS={o:options(o) for o in OBJ}
def score(est):
    return sum(1 for o,g in gold.items() if est.get(o)==g)/len(gold)
def pick(belief, o):
    opts=OPTS[o]
    return max(opts, key=lambda v:(belief[o][v], len(opts[v]), -v))

def current(rho=1.0, rounds=20, tol=0.10, selfsup=True):
    trust=collections.defaultdict(lambda:0.5)
    belief={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]; vals=list(opts)
            sup={}
            for a in vals:
                doubt=1.0
                for b in vals:
                    k=1.0 if a==b else rho*close(a,b,tol)
                    for s in opts[b]: doubt*=1-k*trust[s]
                sup[a]=1-doubt
            tot=sum(sup.values())
            belief[o]={a:(sup[a] if len(vals)==1 else (sup[a]/tot if tot>0 else 0)) for a in vals}
        sm=collections.defaultdict(lambda:1.0); w=collections.defaultdict(lambda:2.0)
        for o in OBJ:
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=belief[o][v]; w[s]+=1
        trust=collections.defaultdict(lambda:0.5,{s:sm[s]/w[s] for s in sm})
    return {o:pick(belief,o) for o in gold}, belief, trust

def truthfinder(t0=0.9, rho=0.5, gamma=0.3, tol=0.1, rounds=20, base=0.0):
    t=collections.defaultdict(lambda:t0); conf={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]; vals=list(opts)
            sig={v:sum(-math.log(max(1e-9,1-t[s])) for s in opts[v]) for v in vals}
            conf[o]={}
            for v in vals:
                ss=sig[v]+rho*sum(sig[u]*(close(u,v,tol)-base) for u in vals if u!=v)
                conf[o][v]=1/(1+math.exp(-gamma*ss))
        sm=collections.defaultdict(float); n=collections.Counter()
        for o in OBJ:
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=conf[o][v]; n[s]+=1
        t=collections.defaultdict(lambda:t0,{s:sm[s]/n[s] for s in sm})
    return {o:pick(conf,o) for o in gold}
def sums(rounds=20, rho=0.0):
    T=collections.defaultdict(lambda:1.0); B={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]; B[o]={v:sum(T[s] for s in ss) for v,ss in opts.items()}
            if rho: B[o]={v:B[o][v]+rho*sum(B[o][u]*close(u,v) for u in opts if u!=v) for v in opts}
        mb=max(max(d.values()) for d in B.values())
        for o in B:
            for v in B[o]: B[o][v]/=mb
        T2=collections.defaultdict(float)
        for o in OBJ:
            for v,ss in OPTS[o].items():
                for s in ss: T2[s]+=B[o][v]
        mt=max(T2.values()); T=collections.defaultdict(lambda:1.0,{s:x/mt for s,x in T2.items()})
    return {o:pick(B,o) for o in gold}
def avglog(rounds=20):
    T=collections.defaultdict(lambda:1.0); B={}
    for r in range(rounds):
        for o in OBJ:
            B[o]={v:sum(T[s] for s in ss) for v,ss in OPTS[o].items()}
        mb=max(max(d.values()) for d in B.values())
        for o in B:
            for v in B[o]: B[o][v]/=mb
        T2={}
        for s,cl in src_claims.items():
            T2[s]=math.log(len(cl))*sum(B[o][v] for o,v in cl)/len(cl)
        mt=max(T2.values()) or 1; T=collections.defaultdict(lambda:1.0,{s:x/mt for s,x in T2.items()})
    return {o:pick(B,o) for o in gold}
def accu(a0=1.0,b0=1.0, nfalse=10, rounds=20, rho=0.0, init=0.8, uncontested=True):
    A=collections.defaultdict(lambda:init); P={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]
            C={v:sum(math.log(nfalse*A[s]/(1-A[s])) for s in ss) for v,ss in opts.items()}
            if rho: C={v:C[v]+rho*sum(C[u]*close(u,v) for u in opts if u!=v) for v in opts}
            m=max(C.values()); Z=sum(math.exp(c-m) for c in C.values())+ nfalse*math.exp(-m)  # unobserved false values count 0
            P[o]={v:math.exp(C[v]-m)/Z for v in opts}
        sm=collections.defaultdict(float); n=collections.Counter()
        for o in OBJ:
            if not uncontested and len(OPTS[o])==1 and len(objs[o])==1: continue
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=P[o][v]; n[s]+=1
        A=collections.defaultdict(lambda:a0/(a0+b0),{s:(a0+sm[s])/(a0+b0+n[s]) for s in sm})
        for s in src_claims:
            if s not in sm: A[s]=a0/(a0+b0)
    return {o:pick(P,o) for o in gold}
def crh(rounds=20, smooth=1.0):
    truth={o:max(OPTS[o],key=lambda v:(len(OPTS[o][v]),-v)) for o in OBJ}
    W=collections.defaultdict(lambda:1.0)
    for r in range(rounds):
        loss=collections.defaultdict(float); n=collections.Counter()
        for o in OBJ:
            for s,v in objs[o]: loss[s]+= (v!=truth[o]); n[s]+=1
        tot=sum(loss.values())+smooth*len(loss)
        W={s:math.log(tot/(loss[s]+smooth)) for s in loss}
        B={}
        for o in OBJ:
            B[o]={v:sum(W[s] for s in ss) for v,ss in OPTS[o].items()}
            truth[o]=max(B[o],key=lambda v:(B[o][v],len(OPTS[o][v]),-v))
    return {o:truth[o] for o in gold}

def gen(rho=0.5, tol=0.1, rounds=20, agg='noisyor', norm='share', a0=1.0, b0=1.0, skip_single=False, nfalse=0, init=None, eb=False, hard=False):
    prior=a0/(a0+b0)
    trust=collections.defaultdict(lambda:init if init else prior)
    belief={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]; vals=list(opts)
            sup={}
            if agg=='noisyor':
                for a in vals:
                    doubt=1.0
                    for b in vals:
                        k=1.0 if a==b else rho*close(a,b,tol)
                        for s in opts[b]: doubt*=1-k*trust[s]
                    sup[a]=1-doubt
            else: # logodds votes -> softmax
                C={}
                for a in vals:
                    c=0
                    for b in vals:
                        k=1.0 if a==b else rho*close(a,b,tol)
                        for s in opts[b]:
                            t=min(max(trust[s],1e-6),1-1e-6)
                            c+=k*math.log(max(nfalse,1)*t/(1-t))
                    C[a]=c
                m=max(C.values()); sup={a:math.exp(C[a]-m) for a in vals}
                z=sum(sup.values())+nfalse*math.exp(-m)
                sup={a:sup[a]/z for a in vals}
            tot=sum(sup.values())
            if agg!='noisyor': belief[o]=sup
            else: belief[o]={a:(sup[a] if len(vals)==1 else (sup[a]/tot if tot>0 else 0)) for a in vals}
        sm=collections.defaultdict(float); w=collections.Counter()
        for o in OBJ:
            if skip_single and len(objs[o])==1: continue
            best=max(belief[o].values())
            for v,ss in OPTS[o].items():
                for s in ss:
                    sm[s]+= (1.0 if belief[o][v]==best else 0.0) if hard else belief[o][v]; w[s]+=1
        if eb:
            # empirical Bayes: fit Beta prior to per-source accuracies by moments, weighting by count
            ms=[(sm[s]/w[s], w[s]) for s in w if w[s]>0]
            mean=sum(m*n for m,n in ms)/sum(n for m,n in ms)
            # strength kept at a0+b0
            ap,bp=mean*(a0+b0),(1-mean)*(a0+b0)
        else: ap,bp=a0,b0
        trust=collections.defaultdict(lambda:ap/(ap+bp),{s:(ap+sm[s])/(ap+bp+w[s]) for s in w})
    return {o:pick(belief,o) for o in gold}

def accu2(a0=1.0,b0=1.0, nfalse=10, rounds=20, rho=0.0, init=None, perobj=False, tol=0.1):
    A=collections.defaultdict(lambda:init if init else a0/(a0+b0)); P={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]
            n = max(1,len(opts)) if perobj else nfalse
            C={v:sum(math.log(n*A[s]/(1-A[s])) for s in ss) for v,ss in opts.items()}
            if rho: C={v:C[v]+rho*sum(C[u]*close(u,v,tol) for u in opts if u!=v) for v in opts}
            m=max(max(C.values()),0); Z=sum(math.exp(c-m) for c in C.values())+ n*math.exp(-m)
            P[o]={v:math.exp(C[v]-m)/Z for v in opts}
        sm=collections.defaultdict(float); k=collections.Counter()
        for o in OBJ:
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=P[o][v]; k[s]+=1
        A=collections.defaultdict(lambda:a0/(a0+b0),{s:(a0+sm[s])/(a0+b0+k[s]) for s in sm})
    return {o:pick(P,o) for o in gold}

def digamma(x):
    r=0.0
    while x<6: r-=1/x; x+=1
    f=1/(x*x)
    return r+math.log(x)-0.5/x-f*(1/12-f*(1/120-f*(1/252-f*(1/240-f/132))))
def bayes(a0=1.0,b0=1.0,nfalse=10,rounds=40,rho=0.0,tol=0.1,trace=False,expected=True,skip_unc=False):
    al=collections.defaultdict(lambda:a0); be=collections.defaultdict(lambda:b0); P={}
    for r in range(rounds):
        W={}
        for s in src_claims:
            W[s]= (digamma(al[s])-digamma(be[s])) if expected else math.log(al[s]/be[s])
        for o in OBJ:
            opts=OPTS[o]; n=nfalse
            C={v:sum(math.log(n)+W[s] for s in ss) for v,ss in opts.items()}
            if rho: C={v:C[v]+rho*sum(C[u]*close(u,v,tol) for u in opts if u!=v) for v in opts}
            m=max(max(C.values()),0); Z=sum(math.exp(c-m) for c in C.values())+ n*math.exp(-m)
            P[o]={v:math.exp(C[v]-m)/Z for v in opts}
        sm=collections.defaultdict(float); k=collections.Counter()
        for o in OBJ:
            if skip_unc and len(OPTS[o])==1: continue
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=P[o][v]; k[s]+=1
        ch=0
        for s in k:
            na,nb=a0+sm[s],b0+k[s]-sm[s]
            ch=max(ch,abs(na/(na+nb)-al[s]/(al[s]+be[s]))); al[s],be[s]=na,nb
        if trace: print(r,round(ch,6),round(score({o:pick(P,o) for o in gold}),4))
    return {o:pick(P,o) for o in gold}

def loo(a0=1.0,b0=1.0,nfalse=10,rounds=100,rho=0.0,tol=0.1,trace=False,conv=1e-6, closeP=False):
    A=collections.defaultdict(lambda:a0/(a0+b0)); P={}
    for r in range(rounds):
        W={s:math.log(nfalse*A[s]/(1-A[s])) for s in src_claims}
        sm=collections.defaultdict(float); k=collections.Counter()
        for o in OBJ:
            opts=OPTS[o]; n=nfalse
            C={v:sum(W[s] for s in ss) for v,ss in opts.items()}
            def post(C):
                if rho: C={v:C[v]+rho*sum(C[u]*close(u,v,tol) for u in C if u!=v) for v in C}
                m=max(max(C.values()),0); Z=sum(math.exp(c-m) for c in C.values())+ n*math.exp(-m)
                return {v:math.exp(C[v]-m)/Z for v in C}
            P[o]=post(C)
            if len(objs[o])<2: continue
            for v,ss in opts.items():
                for s in ss:
                    C2=dict(C); C2[v]-=W[s]
                    p=post(C2)
                    # probability that s's value is true judged by the others
                    sm[s]+= p[v] + (sum(p[u]*close(u,v,tol) for u in p if u!=v) if closeP else 0); k[s]+=1
        newA={s:(a0+min(sm[s],k[s]))/(a0+b0+k[s]) for s in k}
        ch=max(abs(newA[s]-A[s]) for s in newA)
        A=collections.defaultdict(lambda:a0/(a0+b0),newA)
        if trace: print(r,round(ch,6),round(score({o:pick(P,o) for o in gold}),4),flush=True)
        if ch<conv: break
    return {o:pick(P,o) for o in gold}

def bloo(a0=1.0,b0=1.0,nfalse=10,rounds=60,rho=0.0,tol=0.1,trace=False,conv=1e-6,loo=True,expected=True):
    al=collections.defaultdict(lambda:a0); be=collections.defaultdict(lambda:b0); P={}
    for r in range(rounds):
        W={s:((digamma(al[s])-digamma(be[s])) if expected else math.log(al[s]/be[s]))+math.log(nfalse) for s in src_claims}
        sm=collections.defaultdict(float); k=collections.Counter()
        def post(C):
            if rho: C={v:C[v]+rho*sum(C[u]*close(u,v,tol) for u in C if u!=v) for v in C}
            m=max(max(C.values()),0); Z=sum(math.exp(c-m) for c in C.values())+ nfalse*math.exp(-m)
            return {v:math.exp(C[v]-m)/Z for v in C}
        for o in OBJ:
            opts=OPTS[o]
            C={v:sum(W[s] for s in ss) for v,ss in opts.items()}
            P[o]=post(C)
            if loo and len(objs[o])<2: continue
            for v,ss in opts.items():
                for s in ss:
                    if loo:
                        C2=dict(C); C2[v]-=W[s]; p=post(C2)[v]
                    else: p=P[o][v]
                    sm[s]+=p; k[s]+=1
        ch=0
        for s in k:
            na,nb=a0+sm[s],b0+k[s]-sm[s]
            ch=max(ch,abs(na/(na+nb)-al[s]/(al[s]+be[s]))); al[s],be[s]=na,nb
        if trace: print(r,round(ch,6),round(score({o:pick(P,o) for o in gold}),4),flush=True)
        if ch<conv: break
    return {o:pick(P,o) for o in gold}

def gammainc(a,x):
    if x<=0: return 0.0
    if x<a+1:
        s=t=1.0/a; n=a
        for i in range(500):
            n+=1; t*=x/n; s+=t
            if abs(t)<abs(s)*1e-14: break
        return s*math.exp(-x+a*math.log(x)-math.lgamma(a))
    # continued fraction for Q
    b=x+1-a; c=1e300; d=1/b; h=d
    for i in range(1,500):
        an=-i*(i-a); b+=2; d=an*d+b; d=1/d if d!=0 else 1e300; c=b+an/c; h*=d*c
        if abs(d*c-1)<1e-14: break
    return 1-math.exp(-x+a*math.log(x)-math.lgamma(a))*h
_cache={}
def chi2ppf(p,k):
    if (p,k) in _cache: return _cache[(p,k)]
    lo,hi=0.0,max(10.0,k*5+50)
    for i in range(100):
        mid=(lo+hi)/2
        if gammainc(k/2,mid/2)<p: lo=mid
        else: hi=mid
    _cache[(p,k)]=(lo+hi)/2; return _cache[(p,k)]
def catd(alpha=0.05, rounds=20, eps=1e-6, dist='01', tol=0.1, rho=0.0, trace=False, vote='sum'):
    truth={o:max(OPTS[o],key=lambda v:(len(OPTS[o][v]),-v)) for o in OBJ}
    N={s:len(c) for s,c in src_claims.items()}
    for r in range(rounds):
        W={}
        for s,cl in src_claims.items():
            loss=sum((0.0 if v==truth[o] else 1.0) if dist=='01' else 1-close(v,truth[o],tol) for o,v in cl)
            W[s]=chi2ppf(alpha/2,N[s])/(loss+eps)
        # normalize weights to avoid overflow: not needed for argmax
        B={}
        changed=0
        for o in OBJ:
            opts=OPTS[o]
            B[o]={v:sum(W[s] for s in ss) for v,ss in opts.items()}
            if rho: B[o]={v:B[o][v]+rho*sum(B[o][u]*close(u,v,tol) for u in opts if u!=v) for v in opts}
            t=max(B[o],key=lambda v:(B[o][v],len(opts[v]),-v))
            changed+= t!=truth[o]; truth[o]=t
        if trace: print(r,changed,round(score({o:truth[o] for o in gold}),4))
        if changed==0: break
    return {o:truth[o] for o in gold}

def inv(g=1.2, rounds=20, pooled=False, trace=False):
    T=collections.defaultdict(lambda:1.0)
    B={o:{v:1.0/len(OPTS[o]) for v in OPTS[o]} for o in OBJ}
    N={s:len(c) for s,c in src_claims.items()}
    for r in range(rounds):
        T2=collections.defaultdict(float)
        for o in OBJ:
            for v,ss in OPTS[o].items():
                den=sum(T[x]/N[x] for x in ss)
                for s in ss: T2[s]+=B[o][v]*(T[s]/N[s])/den
        mt=max(T2.values()); T=collections.defaultdict(lambda:1.0,{s:x/mt for s,x in T2.items()})
        for o in OBJ:
            H={v:sum(T[s]/N[s] for s in ss) for v,ss in OPTS[o].items()}
            if pooled:
                sh=sum(H.values()); G={v:H[v]**g for v in H}; sg=sum(G.values())
                B[o]={v:sh*G[v]/sg for v in H}
            else: B[o]={v:H[v]**g for v in H}
        mb=max(max(d.values()) for d in B.values())
        for o in B:
            for v in B[o]: B[o][v]/=mb
        if trace: print(r, round(score({o:pick(B,o) for o in gold}),4), flush=True)
    return {o:pick(B,o) for o in gold}

def lin(rho=0.5, tol=0.1, rounds=200, a0=1.0, b0=1.0, conv=1e-6, trace=False, alone='share', g=1.0):
    prior=a0/(a0+b0)
    trust=collections.defaultdict(lambda:prior); belief={}
    for r in range(rounds):
        for o in OBJ:
            opts=OPTS[o]; vals=list(opts)
            own={v:sum(trust[s] for s in opts[v]) for v in vals}
            sup={a:own[a]+rho*sum(own[b]*close(a,b,tol) for b in vals if b!=a) for a in vals}
            if g!=1: sup={a:sup[a]**g for a in vals}
            tot=sum(sup.values())
            if len(vals)==1 and alone=='trust':
                belief[o]={vals[0]:1-math.prod(1-trust[s] for s in opts[vals[0]])}
            else:
                belief[o]={a:sup[a]/tot for a in vals}
        sm=collections.defaultdict(float); w=collections.Counter()
        for o in OBJ:
            for v,ss in OPTS[o].items():
                for s in ss: sm[s]+=belief[o][v]; w[s]+=1
        new={s:(a0+sm[s])/(a0+b0+w[s]) for s in w}
        ch=max(abs(new[s]-trust[s]) for s in new)
        trust=collections.defaultdict(lambda:prior,new)
        if trace: print(r,round(ch,6),round(score({o:pick(belief,o) for o in gold}),4),flush=True)
        if ch<conv: break
    return {o:pick(belief,o) for o in gold}

def genloo(rho=0.5, tol=0.1, rounds=100, a0=1.0, b0=1.0, conv=1e-6, trace=False):
    prior=a0/(a0+b0)
    trust=collections.defaultdict(lambda:prior)
    belief={}
    def beliefs(opts, skip=None):
        vals=list(opts); sup={}
        for a in vals:
            doubt=1.0
            for b in vals:
                k=1.0 if a==b else rho*close(a,b,tol)
                for s in opts[b]:
                    if s is skip: continue
                    doubt*=1-k*trust[s]
            sup[a]=1-doubt
        tot=sum(sup.values())
        return {a:(sup[a] if len(vals)==1 else (sup[a]/tot if tot>0 else 0)) for a in vals}
    for r in range(rounds):
        sm=collections.defaultdict(float); w=collections.Counter()
        for o in OBJ:
            opts=OPTS[o]
            belief[o]=beliefs(opts)
            if len(objs[o])<2: continue
            for v,ss in opts.items():
                for s in ss:
                    b=beliefs(opts, s)
                    sm[s]+=b[v]; w[s]+=1
        new={s:(a0+sm[s])/(a0+b0+w[s]) for s in w}
        ch=max(abs(new[s]-trust[s]) for s in new)
        trust=collections.defaultdict(lambda:prior,new)
        if trace: print(r,round(ch,6),round(score({o:pick(belief,o) for o in gold}),4),flush=True)
        if ch<conv: break
    return {o:pick(belief,o) for o in gold}

VARIANTS = [
    "current()",                      # the service's pass: noisy-or support, shares, closeness at full weight, 20 rounds
    "current(rho=0.5)",               # closeness damped by TruthFinder's implication weight 0.5
    "gen(rho=1.0, rounds=100)",       # the service's pass run to convergence
    "truthfinder()", "truthfinder(rho=0.0)",
    "sums()", "avglog()",
    "inv()", "inv(g=1.0)",            # Investment (Pasternack & Roth 2010), 20 iterations, g = 1.2 and linear
    "accu2()", "accu2(rounds=100)",   # ACCU-style log-odds votes, Beta(1, 1) accuracy, 10 false values
    "bayes(rounds=40)",               # votes weighted by the posterior's expected log-odds
    "loo(rounds=100)",                # ACCU with leave-one-out accuracy (a source's vote never judges itself)
    "genloo(rounds=100)",             # the service's pass with leave-one-out trust
    "lin(rounds=200)",                # linear pool of trusts (weighted vote), to convergence
    "crh()", "catd(eps=1)",
]
if __name__ == "__main__":
    for name in (sys.argv[2:] or VARIANTS):
        estimate = eval(name)
        estimate = estimate[0] if isinstance(estimate, tuple) else estimate
        print(f"{name:32} {score(estimate):.3f}", flush=True)

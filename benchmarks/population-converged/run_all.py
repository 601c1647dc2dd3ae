#!/usr/bin/env python3
"""Population benchmark: converged truth-discovery formulations (stdlib only). Run: nice -n 19 python3 run_all.py
Modules: core.py (data, integer index, tie rule), m_accu.py (ACCU, EB Beta prior), m_loo.py (leave-one-out ACCU),
m_ltm.py (Latent Truth Model by EM), m_depen.py (ACCU+DEPEN copy detection), m_inv.py (Pooled Investment),
Stopping rule for all: max |Δtrust| < 1e-6."""
from core import accuracy, SID, CONTESTED, MULTI
from m_accu import accu
from m_loo import loo
from m_ltm import ltm
from m_depen import depen
cap=SID['contributor #5512121: capitalbot']
def show(name,B,r,extra=''): print(f'{name:55} {accuracy(B):.3f}  rounds {r:4d} {extra}',flush=True)
for n in (10,100):
    B,A,r,_=accu(n=n); show(f'ACCU n={n} Beta(1,1)',B,r,f'capbot trust {A[cap]:.3f}')
    B,A,r,ab=accu(n=n,eb=True); show(f'ACCU n={n} empirical-Bayes Beta prior {ab[0]:.2f},{ab[1]:.2f}',B,r,f'capbot {A[cap]:.3f}')
    B,A,r,_=accu(n=n,objs_for_trust=CONTESTED); show(f'ACCU n={n} trust from contested objects only',B,r,f'capbot {A[cap]:.3f}')
    B,A,r=loo(n=n); show(f'ACCU n={n} leave-one-out trust',B,r,f'capbot {A[cap]:.3f}')
    B,A,r,dep=depen(n=n); show(f'ACCU+DEPEN n={n} alpha=.2 c=.8',B,r,f'capbot {A[cap]:.3f}')
for k in (1,2,5,10,20):
    B,A,r,_=accu(n=100,a0=k,b0=k); show(f'ACCU n=100 Beta({k},{k})',B,r)
    B,A,r,_=accu(n=100,a0=0.8*k,b0=0.2*k); show(f'ACCU n=100 Beta({0.8*k:.1f},{0.2*k:.1f})',B,r)
for s in (0.1,0.3,1,3):
    TH,_,r=ltm(a1=(50*s,50*s),a0=(100*s,10000*s)); show(f'LTM EM, priors x{s} of (50,50),(100,10000),(10,10)',TH,r)

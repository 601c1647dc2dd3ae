"""Integer-indexed population data for fast truth-discovery experiments (stdlib only)."""
import collections, math, sys
from data import rows, gold, objs, OPTS, OBJ, src_claims
SRC=sorted(src_claims); SID={s:i for i,s in enumerate(SRC)}; NS=len(SRC)
OID={o:i for i,o in enumerate(OBJ)}; NO=len(OBJ)
# per object: vals[o] = list of values, srcs[o] = list of lists of source ids
VALS=[]; SRCS=[]
for o in OBJ:
    op=OPTS[o]; vs=sorted(op); VALS.append(vs); SRCS.append([[SID[s] for s in op[v]] for v in vs])
NCL=[0]*NS
for o in range(NO):
    for ss in SRCS[o]:
        for s in ss: NCL[s]+=1
GOLD=[(OID[o],g) for o,g in gold.items()]
def close(a,b,tol=0.10):
    sc=max(abs(a),abs(b)); return 1.0 if sc==0 else math.exp(-abs(a-b)/(tol*sc))
CLOSE=[[[close(a,b) for b in VALS[o]] for a in VALS[o]] for o in range(NO)]
def pick(o, bel):
    # highest belief, then most claims, then smaller value (the service's tie rule)
    vs=VALS[o]; ss=SRCS[o]
    return vs[max(range(len(vs)), key=lambda i:(bel[i], len(ss[i]), -vs[i]))]
def accuracy(B):
    return sum(1 for o,g in GOLD if pick(o,B[o])==g)/len(GOLD)
def hits(B): return sum(1 for o,g in GOLD if pick(o,B[o])==g)
MULTI=[o for o in range(NO) if sum(len(x) for x in SRCS[o])>1]
CONTESTED=[o for o in range(NO) if len(VALS[o])>1]

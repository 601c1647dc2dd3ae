import collections, math, sys
import os
DATA = os.environ.get("POPULATION_DATA", os.path.join(os.path.dirname(__file__), "../../../../shared/datasets/population"))
def clean(t): return ''.join('?' if (ord(c)<32 or 127<=ord(c)<160) else c for c in t.strip())
rows=[]
for line in open(DATA + '/population-new.txt',encoding='latin-1'):
    f=line.rstrip('\n').split('\t')
    if len(f)<4: continue
    rows.append((clean(f[0]),clean(f[1]),float(f[2]),f[3].strip()))
gold={}
for line in open(DATA + '/population-gd.txt',encoding='latin-1'):
    f=[x.strip() for x in line.rstrip('\n').split(',')]
    if len(f)<3: continue
    gold[clean(', '.join(f[:-2])+'_'+f[-2])]=float(f[-1])
objs=collections.defaultdict(list)
for o,s,v,y in rows: objs[o].append((s,v))
src_claims=collections.defaultdict(list)
for o,s,v,y in rows: src_claims[s].append((o,v))
OBJ=list(objs)
def options(o):
    d=collections.defaultdict(list)
    for s,v in objs[o]: d[v].append(s)
    return d
OPTS={o:options(o) for o in OBJ}
def score(est): return sum(1 for o,g in gold.items() if est.get(o)==g)/len(gold)

#!/usr/bin/env python3
# Compares forms of the side latency model on a `cgc bench layers` result (layers.json, recorded with the layers'
# work), each layer's choice made by models fitted without it (leave one out), as `cgc profile fit` does for the one
# form it uses: linear (fixed cost + rate per MAC of each kind + rate per byte, relative least squares, coefficients
# >= 0), log (a power law in MACs and bytes with a factor per kind: cgc.partition.SideModel), log+ (bytes split into
# input, other operands, output), knn3 (nearest layers in log space), loglin2 (log with squared log MACs); then the
# choice rule's margin and sync quantile. Usage: python3 bench/coexec/predictor-forms.py layers.json (needs numpy).
import json, numpy as np, sys, math
d = json.load(open(sys.argv[1]))
L = [l for l in d['layers'] if l.get('work')]
KINDS = ['conv','depthwise','gemm']
def part(w, dim, s):
    k, m, i, o, out = w
    if dim in ('oc','n'): return (k, m*s, i, o*s, out*s)
    return (k, m*s, i*s, o, out*s)
def W(l): w=l['work']; return (w['kind'], w['macs'], w['inputBytes'], w['otherBytes'], w['outputBytes'])
def whole(l, cpu):
    t = l['cpu' if cpu else 'gpu']['medianMs']
    for s in l['sweeps']:
        for p in s['points']:
            if cpu and p['cut']==s['total']: t=min(t,p['time']['medianMs'])
            if not cpu and p['cut']==0: t=min(t,p['time']['medianMs'])
    return t
def samples(layers, cpu):
    S=[]
    for l in layers:
        w=W(l); S.append((w, whole(l,cpu)))
        for s in l['sweeps']:
            b=s.get('best')
            if not b: continue
            cs=b['cut']/s['total']
            S.append((part(w,s['dim'],cs if cpu else 1-cs), (s['cpuPartAlone'] if cpu else s['gpuPartAlone'])['medianMs']))
    return S
def overheads(layers):
    return sorted(s['overheadMs'] for l in layers for s in l['sweeps']
                  if s.get('best') and isinstance(s['overheadMs'], (int, float)) and math.isfinite(s['overheadMs']))
def sync(layers, q=0.5):
    o=overheads(layers)
    return max(0, o[math.ceil(q*len(o))-1]) if o else 0

# model forms: each returns predict(work)->ms
def feats_lin(w):
    k,m,i,o,out=w; return [1, (i+o+out)/1e6] + [m/1e9 if k==kk else 0 for kk in KINDS]
def fit_lin(S):
    X=np.array([feats_lin(w) for w,t in S]); y=np.array([t for w,t in S])
    cols=list(range(X.shape[1]))
    cols=[c for c in cols if np.any(X[:,c]!=0)]
    while True:
        A=X[:,cols]/y[:,None]; b=np.ones(len(y))
        beta,*_=np.linalg.lstsq(A,b,rcond=None)
        if (beta>=0).all(): break
        cols.pop(int(np.argmin(beta)))
    full=np.zeros(X.shape[1]); full[cols]=beta
    return lambda w: max(1e-3, float(np.dot(feats_lin(w), full)))
def feats_log(w, extra=False):
    k,m,i,o,out=w
    f=[1, math.log(max(m,1)), math.log(max(i+o+out,1))] + [1 if k==kk else 0 for kk in KINDS[1:]]
    if extra: f += [math.log(max(i,1)), math.log(max(o,1)), math.log(max(out,1))]
    return f
def fit_log(S, extra=False, ridge=1e-3):
    X=np.array([feats_log(w,extra) for w,t in S]); y=np.log([t for w,t in S])
    A=X.T@X + ridge*np.eye(X.shape[1]); beta=np.linalg.solve(A, X.T@y)
    return lambda w: math.exp(float(np.dot(feats_log(w,extra), beta)))
def fit_knn(S, k=3):
    X=np.array([[math.log(max(w[1],1)), math.log(max(w[2]+w[3]+w[4],1)), 3*KINDS.index(w[0])] for w,t in S]); y=np.log([t for w,t in S])
    def pred(w):
        q=np.array([math.log(max(w[1],1)), math.log(max(w[2]+w[3]+w[4],1)), 3*KINDS.index(w[0])])
        dd=np.linalg.norm(X-q,axis=1); idx=np.argsort(dd)[:k]
        # scale by macs ratio of neighbours (local linear in macs)
        return math.exp(np.mean(y[idx] + 0.8*(q[0]-X[idx,0])))
    return pred
def fit_loglin2(S):
    # log T = log(a + b*macs^p) approximated: fit log-space with log macs and (log macs)^2 per kind
    def f(w):
        k,m,i,o,out=w; lm=math.log(max(m,1)); lb=math.log(max(i+o+out,1))
        return [1, lm, lm*lm, lb] + [1 if k==kk else 0 for kk in KINDS[1:]] + [lm if k==kk else 0 for kk in KINDS[1:]]
    X=np.array([f(w) for w,t in S]); y=np.log([t for w,t in S])
    A=X.T@X+1e-3*np.eye(X.shape[1]); beta=np.linalg.solve(A,X.T@y)
    return lambda w: math.exp(float(np.dot(f(w),beta)))

def choose(l, pc, pg, sy, step):
    w=W(l); best=('cpu','',0,pc(w)) if pc(w)<=pg(w) else ('gpu','',1,pg(w))
    n=round(1/step)
    for s in l['sweeps']:
        for i in range(1,n):
            r=round(i*step,6); gu=min(s['total'], round(r*s['total']/s['tile'])*s['tile'])
            if gu==0 or gu==s['total']: continue
            sh=gu/s['total']
            ms=max(pc(part(w,s['dim'],1-sh)), pg(part(w,s['dim'],sh)))+sy
            if ms<best[3]: best=('split',s['dim'],r,ms)
    return best
def measured(l,c):
    if c[0]=='cpu': return whole(l,True)
    if c[0]=='gpu': return whole(l,False)
    s=[s for s in l['sweeps'] if s['dim']==c[1]][0]
    gu=s['total'] if c[2]>=1 else min(s['total'], round(c[2]*s['total']/s['tile'])*s['tile'])
    cut=s['total']-gu   # as cgc.partition.Partitioner.cut rounds; the sweep timed each cut once
    return min(s['points'], key=lambda p: abs(p['cut']-cut))['time']['medianMs']
import re
_m=re.search(r'--step[ =](\S+)', d['setup']['command'])
STEP=float(_m.group(1)) if _m else 0.05
def step(l):
    return STEP
def oracle(l): return l['oracle']['ms']

for name, fitter in [('linear',fit_lin),('log',fit_log),('log+',lambda S: fit_log(S,True)),('knn3',fit_knn),('loglin2',fit_loglin2)]:
    shares=[]; tot=0; otot=0; single=0; errs={True:[],False:[]}
    for i in range(len(L)):
        rest=L[:i]+L[i+1:]; l=L[i]
        pc=fitter(samples(rest,True)); pg=fitter(samples(rest,False)); sy=sync(rest)
        c=choose(l,pc,pg,sy,step(l)); m=measured(l,c)
        shares.append(oracle(l)/m); tot+=m; otot+=oracle(l); single+=min(whole(l,True),whole(l,False))
        for cpu in (True,False):
            p=pc if cpu else pg
            for w,t in samples([l],cpu): errs[cpu].append(abs(p(w)-t)/t)
    shares=np.array(shares)
    print(f"{name:8s} mean share {shares.mean():.2f} median {np.median(shares):.2f} min {shares.min():.2f} total {tot:.2f} vs oracle {otot:.2f} ({otot/tot:.0%}) single {single:.2f}; MAE cpu {np.mean(errs[True]):.0%} gpu {np.mean(errs[False]):.0%}; within10 cpu {np.mean(np.array(errs[True])<=0.1):.0%} gpu {np.mean(np.array(errs[False])<=0.1):.0%}")

print("--- margins")
def choose_m(l, pc, pg, sy, step, margin):
    c=choose(l,pc,pg,sy,step)
    w=W(l); single=('cpu','',0,pc(w)) if pc(w)<=pg(w) else ('gpu','',1,pg(w))
    return c if c[0]!='split' or c[3] <= (1-margin)*single[3] else single
for name, fitter in [('linear',fit_lin),('log',fit_log),('loglin2',fit_loglin2)]:
    for margin in (0, 0.1, 0.2, 0.3):
        for syq in (0.5, 0.75):
            shares=[]; tot=0; otot=0; single=0
            for i in range(len(L)):
                rest=L[:i]+L[i+1:]; l=L[i]
                pc=fitter(samples(rest,True)); pg=fitter(samples(rest,False))
                sy=sync(rest, syq)
                c=choose_m(l,pc,pg,sy,step(l),margin); m=measured(l,c)
                shares.append(oracle(l)/m); tot+=m; otot+=oracle(l); single+=min(whole(l,True),whole(l,False))
            shares=np.array(shares)
            print(f"{name:8s} margin {margin:.1f} syncq {syq} mean share {shares.mean():.2f} min {shares.min():.2f} total {tot:.2f} oracle {otot:.2f} ({otot/tot:.0%}) single {single:.2f} ({single/tot:.2f}x)")

print("--- leave one model out (the power law, margin 0.1, sync at the 75th percentile)")
def model_of(l): return sorted({s.split(':')[0] for s in l['sites']})[0]
for m in sorted({model_of(l) for l in L}):
    test=[l for l in L if model_of(l)==m]
    train=[l for l in L if not any(s.split(':')[0]==m for s in l['sites'])]
    pc=fit_log(samples(train,True)); pg=fit_log(samples(train,False)); sy=sync(train,0.75)
    tot=ot=single=0; sh=[]
    for l in test:
        c=choose_m(l,pc,pg,sy,step(l),0.1); mm=measured(l,c)
        tot+=mm; ot+=oracle(l); single+=min(whole(l,True),whole(l,False)); sh.append(oracle(l)/mm)
    print(f"{m:14s} {len(test):2d} layers, fitted on {len(train)}: mean share {np.mean(sh):.2f} min {min(sh):.2f}; "
          f"total {tot:.2f} oracle {ot:.2f} ({ot/tot:.0%}) single {single:.2f} ({single/tot:.2f}x)")

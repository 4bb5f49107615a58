import json,sys,re
o=[json.loads(l) for l in open(sys.argv[1])][-1]['nodes']
c=[json.loads(l) for l in open(sys.argv[2])][-1]['steps']
oc=[n for n in o if n['op'] in('Conv','FusedConv','Gemm')]
cc=[s for s in c if '(Conv' in s['step'] or '(Gemm' in s['step'] or 'Linear' in s['step']]
tot={}
for i,(a,b) in enumerate(zip(oc,cc)):
  name=b['step'].split(' ')[0]
  if i==0: k='stem'
  elif 'features.1/' in name: k='dw' if 'conv.0' in name else 'proj'
  elif 'conv.0/' in name: k='exp'
  elif 'conv.1/' in name: k='dw'
  elif 'conv.2' in name: k='proj'
  elif 'Gemm' in b['step']: k='fc'
  else: k='last'
  t=tot.setdefault(k,[0,0]); t[0]+=b['us']; t[1]+=a['us']
  print('%2d %-36s %-5s cgc %7.1f ort %6d  %.2fx  %+.0f'%(i,name[-36:],k,b['us'],a['us'],b['us']/max(1,a['us']),b['us']-a['us']))
for k,v in tot.items(): print(k, 'cgc %.0f ort %.0f %.2fx gap %.0f'%(v[0],v[1],v[0]/v[1],v[0]-v[1]))
print('other cgc', [ (s['step'][-40:],s['us']) for s in c if s not in cc])
print('other ort', [ (n['op'],n['us']) for n in o if n not in oc])
print('all steps cgc', sum(s['us'] for s in c), 'ort', sum(n['us'] for n in o))

"""Exports a set of small PyTorch models with fixed random weights to ONNX, each with a random input and ONNX
Runtime's output as .npy: architectures beyond examples/models, to find ops and patterns cgc does not handle.
    python3 bench/zoo/export.py OUTDIR"""
import os, sys
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
import onnxruntime as ort

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)


def cbr(i, o, k=3, s=1, act=nn.ReLU):
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o), act())


class Basic(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.a = cbr(i, o, 3, s)
        self.b = nn.Sequential(nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o))
        self.skip = nn.Sequential() if s == 1 and i == o else nn.Sequential(nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + self.skip(x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 7, 2, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        self.body = nn.Sequential(Basic(16, 16, 1), Basic(16, 32, 2), Basic(32, 64, 2), Basic(64, 128, 2))
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.body(self.stem(x)), 1), 1))


class SE(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.a = nn.Conv2d(c, c // r, 1)
        self.b = nn.Conv2d(c // r, c, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        return x * torch.sigmoid(self.b(F.silu(self.a(s))))


class MBConv(nn.Module):
    def __init__(self, i, o, s, e, act):
        super().__init__()
        m = i * e
        self.block = nn.Sequential(cbr(i, m, 1, 1, act), nn.Conv2d(m, m, 3, s, 1, groups=m, bias=False),
                                   nn.BatchNorm2d(m), act(), SE(m), nn.Conv2d(m, o, 1, bias=False), nn.BatchNorm2d(o))
        self.res = s == 1 and i == o

    def forward(self, x):
        y = self.block(x)
        return x + y if self.res else y


class EffNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = nn.Sequential(cbr(3, 16, 3, 2, nn.SiLU), MBConv(16, 16, 1, 1, nn.SiLU), MBConv(16, 24, 2, 4, nn.SiLU),
                               MBConv(24, 24, 1, 4, nn.Hardswish), MBConv(24, 40, 2, 4, nn.Hardswish),
                               cbr(40, 128, 1, 1, nn.Hardswish))
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(128, 10))

    def forward(self, x):
        return self.head(self.f(x).mean((2, 3)))


class ViT(nn.Module):
    def __init__(self, d=64, patch=8, img=32, layers=2):
        super().__init__()
        self.patch = nn.Conv2d(3, d, patch, patch)
        n = (img // patch) ** 2
        self.cls = nn.Parameter(torch.randn(1, 1, d))
        self.pos = nn.Parameter(torch.randn(1, n + 1, d))
        layer = nn.TransformerEncoderLayer(d, 4, 128, 0.0, activation="gelu", batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, 10)

    def forward(self, x):
        p = self.patch(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.cls.expand(x.shape[0], -1, -1), p], 1) + self.pos
        return self.head(self.norm(self.enc(t))[:, 0])


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.d1 = nn.Sequential(cbr(3, 16), cbr(16, 16))
        self.d2 = nn.Sequential(cbr(16, 32), cbr(32, 32))
        self.mid = cbr(32, 64)
        self.up2 = nn.ConvTranspose2d(64, 32, 2, 2)
        self.u2 = cbr(64, 32)
        self.u1 = cbr(32 + 16, 16)
        self.out = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        a = self.d1(x)
        b = self.d2(F.max_pool2d(a, 2))
        m = self.mid(F.max_pool2d(b, 2))
        u = self.u2(torch.cat([self.up2(m), b], 1))
        u = F.interpolate(u, scale_factor=2, mode="bilinear", align_corners=False)
        return torch.sigmoid(self.out(self.u1(torch.cat([u, a], 1))))


class Yolo(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = nn.Sequential(cbr(3, 16, 3, 2, nn.SiLU), cbr(16, 32, 3, 2, nn.SiLU))
        self.b2 = cbr(32, 64, 3, 2, nn.SiLU)
        self.sppf_in = cbr(64, 32, 1, 1, nn.SiLU)
        self.sppf_out = cbr(128, 64, 1, 1, nn.SiLU)
        self.lat = cbr(64 + 32, 32, 3, 1, nn.SiLU)
        self.det = nn.Conv2d(32, 3 * 7, 1)

    def forward(self, x):
        a = self.b1(x)
        b = self.b2(a)
        y0 = self.sppf_in(b)
        y1 = F.max_pool2d(y0, 5, 1, 2)
        y2 = F.max_pool2d(y1, 5, 1, 2)
        y3 = F.max_pool2d(y2, 5, 1, 2)
        s = self.sppf_out(torch.cat([y0, y1, y2, y3], 1))
        u = F.interpolate(s, scale_factor=2.0, mode="nearest")
        d = self.det(self.lat(torch.cat([u, a], 1)))
        n, _, h, w = d.shape
        d = d.view(n, 3, 7, h, w).permute(0, 1, 3, 4, 2).contiguous()
        xy, wh, conf = d.split([2, 2, 3], -1)
        return torch.cat([xy.sigmoid() * 2 - 0.5, (wh.sigmoid() * 2) ** 2, conf.sigmoid()], -1).view(n, -1, 7)


class Shuffle(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = cbr(3, 24, 3, 2)
        self.g1 = nn.Conv2d(24, 48, 1, groups=4)
        self.dw = nn.Conv2d(48, 48, 3, 1, 1, groups=48)
        self.g2 = nn.Conv2d(48, 48, 1, groups=2)
        self.fc = nn.Linear(48, 5)

    def forward(self, x):
        x = F.relu(self.g1(self.stem(x)))
        n, c, h, w = x.shape
        x = x.view(n, 4, c // 4, h, w).transpose(1, 2).reshape(n, c, h, w)
        a, b = x.chunk(2, 1)
        x = torch.cat([a, F.relu6(self.g2(self.dw(torch.cat([b, a], 1))))[:, :24]], 1)
        return F.log_softmax(self.fc(x.amax((2, 3))), -1)


class Audio(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = nn.Sequential(nn.Conv1d(1, 16, 9, 2, 4), nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2),
                               nn.Conv1d(16, 32, 5, 1, 2, dilation=1), nn.BatchNorm1d(32), nn.LeakyReLU(0.1),
                               nn.AvgPool1d(2), nn.Conv1d(32, 32, 3, 1, 2, dilation=2), nn.ELU())
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        return self.fc(self.f(x).mean(-1))


class Bert(nn.Module):
    def __init__(self, vocab=100, d=32, seq=12):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(seq, d)
        self.ln = nn.LayerNorm(d)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.ln2 = nn.LayerNorm(d)
        self.h = 4

    def forward(self, ids, mask):
        n, t = ids.shape
        x = self.ln(self.emb(ids) + self.pos(torch.arange(t).unsqueeze(0)))
        def heads(z): return z.view(n, t, self.h, -1).transpose(1, 2)
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        s = q @ k.transpose(-1, -2) / (q.shape[-1] ** 0.5)
        s = s.masked_fill(mask[:, None, None, :] == 0, -1e4)
        a = (s.softmax(-1) @ v).transpose(1, 2).reshape(n, t, -1)
        x = self.ln2(x + self.o(a))
        return x + self.ff(x)


class Recurrent(nn.Module):
    """nn.LSTM or nn.GRU over the sequence, a Linear on the last step."""
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(16, 32, batch_first=True)
        self.fc = nn.Linear(32, 3)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.fc(y[:, -1])


def rnd(*s):
    return torch.randn(*s)


zoo = {
    "resnet_small": (ResNet(), {"x": rnd(1, 3, 64, 64)}),
    "effnet_small": (EffNet(), {"x": rnd(1, 3, 64, 64)}),
    "vit_tiny": (ViT(), {"x": rnd(1, 3, 32, 32)}),
    "unet_small": (UNet(), {"x": rnd(1, 3, 32, 32)}),
    "yolo_small": (Yolo(), {"x": rnd(1, 3, 64, 64)}),
    "shuffle_small": (Shuffle(), {"x": rnd(1, 3, 32, 32)}),
    "audio_conv1d": (Audio(), {"x": rnd(1, 1, 400)}),
    "bert_tiny": (Bert(), {"ids": torch.randint(0, 100, (1, 12)), "mask": torch.cat([torch.ones(1, 9, dtype=torch.int64), torch.zeros(1, 3, dtype=torch.int64)], 1)}),
    "lstm_small": (Recurrent(nn.LSTM), {"x": rnd(1, 10, 16)}),
    "gru_small": (Recurrent(nn.GRU), {"x": rnd(1, 10, 16)}),
}
for name, (model, inputs) in zoo.items():
    model.eval()
    for m in model.modules():                      # BatchNorm statistics that are not the identity
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    path = os.path.join(out, name + ".onnx")
    try:
        torch.onnx.export(model, tuple(inputs.values()), path, input_names=list(inputs), output_names=["y"],
                          opset_version=17, dynamo=False)
    except TypeError:
        torch.onnx.export(model, tuple(inputs.values()), path, input_names=list(inputs), output_names=["y"],
                          opset_version=17)
    feed = {k: v.numpy() for k, v in inputs.items()}
    s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    feed = {i.name: feed[i.name] for i in s.get_inputs()}   # unused inputs are dropped by the exporter
    (y,) = s.run(None, feed)
    for k, v in feed.items():
        np.save(os.path.join(out, f"{name}.{k}.npy"), v)
    np.save(os.path.join(out, f"{name}.expected.npy"), y)
    print(name, [(i.name, i.shape) for i in s.get_inputs()], y.shape, flush=True)

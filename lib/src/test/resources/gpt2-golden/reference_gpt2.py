#!/usr/bin/env python3
"""Independent GPT-2 reference in plain PyTorch (no transformers), for the golden tests.

  python3 reference_gpt2.py make DIR     # tiny random checkpoint (fixed seed) + golden.json in DIR
  python3 reference_gpt2.py logits DIR   # load DIR/config.json + DIR/model.safetensors, print
                                         # {"logits": [...], "loss": x} on the fixed input as JSON

The safetensors format is read and written by hand (struct + json): 8-byte little-endian header
length, JSON header {name: {dtype, shape, data_offsets}}, raw little-endian tensor bytes.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

SEED = 1234
TINY = dict(vocab_size=96, n_positions=32, n_embd=32, n_layer=2, n_head=4, layer_norm_epsilon=1e-5)
# Fixed input: 2 rows of 12 token ids; the loss predicts ids[:, 1:] from logits[:, :-1].
INPUT_IDS = [[5, 17, 42, 3, 88, 64, 1, 95, 30, 30, 7, 50],
             [0, 11, 22, 33, 44, 55, 66, 77, 88, 12, 24, 36]]


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def forward(p, cfg, ids):
    """ids (B, T) int64 -> logits (B, T, V); p maps Hugging Face names to fp32 tensors."""
    B, T = ids.shape
    C, nh = cfg["n_embd"], cfg["n_head"]
    hs = C // nh
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    x = p["transformer.wte.weight"][ids] + p["transformer.wpe.weight"][torch.arange(T)]
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    for i in range(cfg["n_layer"]):
        h = f"transformer.h.{i}."
        a = F.layer_norm(x, (C,), p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps)
        qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]  # Conv1D: weight is (in, out)
        q, k, v = qkv.split(C, dim=2)
        q, k, v = [t.view(B, T, nh, hs).transpose(1, 2) for t in (q, k, v)]  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + y @ p[h + "attn.c_proj.weight"] + p[h + "attn.c_proj.bias"]
        m = F.layer_norm(x, (C,), p[h + "ln_2.weight"], p[h + "ln_2.bias"], eps)
        m = gelu_new(m @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"])
        x = x + m @ p[h + "mlp.c_proj.weight"] + p[h + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], eps)
    return x @ p["transformer.wte.weight"].t()  # tied LM head


def loss_of(logits, ids):
    V = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, V), ids[:, 1:].reshape(-1)).item()


def random_params(cfg):
    g = torch.Generator().manual_seed(SEED)
    C, L, V, P = cfg["n_embd"], cfg["n_layer"], cfg["vocab_size"], cfg["n_positions"]

    def rnd(*shape, std=0.2, mean=0.0):
        return (torch.randn(*shape, generator=g) * std + mean).float()

    p = {"transformer.wte.weight": rnd(V, C, std=0.5), "transformer.wpe.weight": rnd(P, C, std=0.1)}
    for i in range(L):
        h = f"transformer.h.{i}."
        p[h + "ln_1.weight"] = rnd(C, std=0.1, mean=1.0)
        p[h + "ln_1.bias"] = rnd(C, std=0.1)
        p[h + "attn.c_attn.weight"] = rnd(C, 3 * C)
        p[h + "attn.c_attn.bias"] = rnd(3 * C, std=0.05)
        p[h + "attn.c_proj.weight"] = rnd(C, C)
        p[h + "attn.c_proj.bias"] = rnd(C, std=0.05)
        p[h + "ln_2.weight"] = rnd(C, std=0.1, mean=1.0)
        p[h + "ln_2.bias"] = rnd(C, std=0.1)
        p[h + "mlp.c_fc.weight"] = rnd(C, 4 * C)
        p[h + "mlp.c_fc.bias"] = rnd(4 * C, std=0.05)
        p[h + "mlp.c_proj.weight"] = rnd(4 * C, C)
        p[h + "mlp.c_proj.bias"] = rnd(C, std=0.05)
    p["transformer.ln_f.weight"] = rnd(C, std=0.1, mean=1.0)
    p["transformer.ln_f.bias"] = rnd(C, std=0.1)
    return p


def write_safetensors(path, tensors):
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b = data[e["data_offsets"][0]:e["data_offsets"][1]]
        if e["dtype"] == "F32":
            a = np.frombuffer(b, dtype="<f4")
        elif e["dtype"] == "F16":
            a = np.frombuffer(b, dtype="<f2").astype(np.float32)
        elif e["dtype"] == "BF16":
            a = (np.frombuffer(b, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f"unsupported dtype {e['dtype']} for {name} in {path}")
        out[name] = torch.from_numpy(a.copy()).reshape(e["shape"])
    return out


def make(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    cfg = dict(TINY, model_type="gpt2", architectures=["GPT2LMHeadModel"], n_ctx=TINY["n_positions"],
               activation_function="gelu_new", embd_pdrop=0.1, attn_pdrop=0.1, resid_pdrop=0.1,
               bos_token_id=0, eos_token_id=0)
    p = random_params(cfg)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), p)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    ids = torch.tensor(INPUT_IDS)
    with torch.no_grad():
        logits = forward(p, cfg, ids)
    golden = {"input_ids": INPUT_IDS, "shape": list(logits.shape),
              "logits": [float(v) for v in logits.reshape(-1).tolist()], "loss": loss_of(logits, ids),
              "torch_version": torch.__version__, "seed": SEED}
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"wrote {out_dir}: loss {golden['loss']:.6f}")


def logits(ckpt_dir):
    with open(os.path.join(ckpt_dir, "config.json")) as f:
        cfg = json.load(f)
    p = read_safetensors(os.path.join(ckpt_dir, "model.safetensors"))
    ids = torch.tensor(INPUT_IDS)
    with torch.no_grad():
        out = forward(p, cfg, ids)
    print(json.dumps({"input_ids": INPUT_IDS, "shape": list(out.shape),
                      "logits": [float(v) for v in out.reshape(-1).tolist()], "loss": loss_of(out, ids)}))


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "logits"):
        sys.exit(__doc__)
    {"make": make, "logits": logits}[sys.argv[1]](sys.argv[2])

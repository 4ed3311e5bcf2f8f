"""Plain PyTorch eager reference for `sparktune bench train`.

The same GPT-2 (tied LM head, tanh GELU, pre-LayerNorm), the same random-token batches and the same
optimizer step as sparktune's trainer: forward, cross entropy, backward, global-norm clipping and
AdamW without decay on biases and LayerNorm weights. Prints one JSON line with tokens/s, the
process CPU seconds of the timed steps, the wall and CPU seconds of the fastest step, and the time
per step of each phase (forward, loss, backward, optimizer: wall, CPU of the main thread, CPU of
the process).

Run: OPENBLAS_NUM_THREADS=1 python3 reference_train.py --threads 2
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        B, T, C = x.shape
        hs = C // self.heads
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q = q.view(B, T, self.heads, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.heads, hs).transpose(1, 2)
        v = v.view(B, T, self.heads, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs) + mask  # (B, nh, T, T)
        att = self.drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.drop(self.c_proj(y))
        h = F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh")  # GPT-2 uses the tanh form
        return x + self.drop(self.mlp_proj(h))


class Gpt(nn.Module):
    def __init__(self, vocab, positions, d, layers, heads, dropout):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(positions, d)
        self.h = nn.ModuleList([Block(d, heads, dropout) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.drop = nn.Dropout(dropout)
        for p in self.parameters():
            if p.dim() >= 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids):
        T = ids.shape[1]
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.drop(self.wte(ids) + self.wpe(torch.arange(T)))
        for b in self.h:
            x = b(x, mask)
        return self.ln_f(x) @ self.wte.weight.t()  # (B, T, V)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--embd", type=int, default=256)
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Gpt(a.vocab, a.seq, a.embd, a.layers, a.heads, a.dropout)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
    model.train()

    phases = ["forward", "loss", "backward", "optimizer"]
    totals = {p: [0.0, 0.0, 0.0] for p in phases}
    clock = [None]

    def lap(phase):
        now = (time.perf_counter(), time.thread_time(), time.process_time())
        if phase is not None:
            for i in range(3):
                totals[phase][i] += now[i] - clock[0][i]
        clock[0] = now

    def step():
        lap(None)
        ids = torch.randint(0, a.vocab, (a.batch, a.seq + 1))
        logits = model(ids[:, :-1])
        lap("forward")
        loss = F.cross_entropy(logits.reshape(-1, a.vocab), ids[:, 1:].reshape(-1))
        lap("loss")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        value = loss.item()
        lap("backward")
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        lap("optimizer")
        return value

    for _ in range(a.warmup):
        step()
    totals = {p: [0.0, 0.0, 0.0] for p in phases}
    cpu_start = time.process_time()
    start = time.perf_counter()
    best, best_cpu = float("inf"), float("inf")
    for _ in range(a.steps):
        w, c = time.perf_counter(), time.process_time()
        step()
        best, best_cpu = min(best, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start  # all threads of this process
    print(json.dumps({"tokens_per_s": a.batch * a.seq * a.steps / seconds, "seconds": seconds,
                      "cpu_seconds": cpu_seconds, "steps": a.steps,
                      "best_step_seconds": best, "best_step_cpu_seconds": best_cpu,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "phase_ms": {p: {"wall": round(t[0] * 1000 / a.steps, 1),
                                       "thread_cpu": round(t[1] * 1000 / a.steps, 1),
                                       "process_cpu": round(t[2] * 1000 / a.steps, 1)}
                                   for p, t in totals.items()}}))


if __name__ == "__main__":
    main()

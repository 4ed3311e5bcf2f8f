#!/usr/bin/env python3
"""Writes fused_ops.pt: a TorchScript module with no weights whose methods each call one fused
libtorch kernel that DJL's PyTorch engine does not expose by itself.

  python3 make_fused_ops.py OUT_DIR

The archive holds only TorchScript source (code/__torch__.py) and an empty module: libtorch compiles
the methods when the file is loaded, so the kernels are those of the libtorch that loads it. Every
method takes and returns plain tensors, lists of tensors and floats.
"""
import os
import sys
from typing import List, Optional

import torch
import torch.nn.functional as F


class FusedOps(torch.nn.Module):
    @torch.jit.export
    def gelu_tanh(self, x: torch.Tensor) -> torch.Tensor:
        """GPT-2's GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), one kernel each way."""
        return F.gelu(x, approximate="tanh")

    @torch.jit.export
    def causal_attention(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """softmax(q k^T / sqrt(hs) + causal mask) v without dropout, (B, nh, T, hs) each."""
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    @torch.jit.export
    def adamw(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avgs: List[torch.Tensor],
              exp_avg_sqs: List[torch.Tensor], steps: List[torch.Tensor], lr: float, beta1: float,
              beta2: float, weight_decay: float, eps: float, grad_scale: Optional[torch.Tensor]) -> int:
        """One AdamW update of every tensor in place (decoupled decay; gradients divided by grad_scale)."""
        torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1,
                            beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False,
                            maximize=False, grad_scale=grad_scale, found_inf=None)
        return len(params)

    @torch.jit.export
    def sum_of_squares(self, tensors: List[torch.Tensor]) -> torch.Tensor:
        """sum over all tensors of the squared L2 norm, float32."""
        norms = torch._foreach_norm(tensors, 2.0)
        return torch.stack(norms).float().square().sum()

    @torch.jit.export
    def zero(self, tensors: List[torch.Tensor]) -> int:
        torch._foreach_zero_(tensors)
        return len(tensors)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    torch.jit.script(FusedOps()).save(os.path.join(out, "fused_ops.pt"))


if __name__ == "__main__":
    main()

"""MiniLM's fast CPU path: the BERT encoder in bfloat16 with oneDNN's fused linear kernels.

On a CPU with native bf16 matrix units (AVX-512 BF16 or AMX), every linear layer of the encoder becomes one
oneDNN call that adds its bias (and, in the feed-forward block, applies the exact GELU) inside the matrix
product: no separate bias copy, no separate activation pass. Only the weights' precision changes, every
computation is still per row, so a text's vector depends on the text alone (`MiniLMFeaturizer` pads each text
to its own length bucket). `python -m pqrlab.bench enrich` measures it against naive fp32.
"""
from __future__ import annotations

import torch


def cpu_has_bf16() -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (oneDNN: AVX-512 BF16 or AMX)."""
    return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())


def fused_kernels_available() -> bool:
    """Whether this torch build has oneDNN's fused linear (`mkldnn::_linear_pointwise`)."""
    return hasattr(torch.ops.mkldnn, "_linear_pointwise")


class FusedLinear(torch.nn.Module):
    """`torch.nn.Linear` in bf16 as one oneDNN call, with the bias (and `activation`, e.g. "gelu") fused."""

    def __init__(self, linear: torch.nn.Linear, activation: str = "none") -> None:
        super().__init__()
        self.out_features, self.activation = linear.out_features, activation
        self.weight = torch.nn.Parameter(linear.weight.detach().to(torch.bfloat16), requires_grad=False)
        self.bias = torch.nn.Parameter(linear.bias.detach().to(torch.bfloat16), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # "none" as the algorithm is the exact (erf) GELU that MiniLM uses; unused for "none" activation
        rows = torch.ops.mkldnn._linear_pointwise(x.reshape(-1, x.shape[-1]), self.weight, self.bias,
                                                  self.activation, [], "none")
        return rows.reshape(*x.shape[:-1], self.out_features)


def bf16_encoder(model: torch.nn.Module) -> torch.nn.Module:
    """`model` (a transformers BertModel in eval mode) in bf16, its layers' linears fused when available."""
    model = model.to(torch.bfloat16)
    if not fused_kernels_available():
        return model
    for layer in model.encoder.layer:
        attention = layer.attention
        for name in ("query", "key", "value"):
            setattr(attention.self, name, FusedLinear(getattr(attention.self, name)))
        attention.output.dense = FusedLinear(attention.output.dense)
        if layer.intermediate.intermediate_act_fn.__class__.__name__ == "GELUActivation":
            layer.intermediate.dense = FusedLinear(layer.intermediate.dense, "gelu")
            layer.intermediate.intermediate_act_fn = torch.nn.Identity()
        layer.output.dense = FusedLinear(layer.output.dense)
    return model

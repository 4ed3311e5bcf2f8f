#!/usr/bin/env python3
"""A tiny GPT-2 directory laid out and formatted the way the Hugging Face hub publishes GPT-2.

  python3 make_published_gpt2.py make DIR   # writes DIR/gpt2-tiny/, DIR/weights/, DIR/golden_ids.json

Standard library only (json, struct, random, unicodedata): nothing here comes from sparktune.

DIR/gpt2-tiny/ holds what a download of a GPT-2 repository holds:
  config.json              as transformers' PretrainedConfig.to_json_file writes it (indent 2, sorted keys)
  generation_config.json   as GenerationConfig.to_json_file writes it
  model.safetensors        F32, as the hub's gpt2 file: names without "transformer.", the causal-mask
                           buffers h.N.attn.bias included, no lm_head (tied), __metadata__ {"format": "pt"}
  tokenizer.json           as tokenizers' Tokenizer.save(pretty=True) writes it (indent 2, no final newline,
                           non-ASCII unescaped, merges as pairs)
  vocab.json               GPT-2's encoder.json form: one line, json.dump defaults (ASCII escapes)
  merges.txt               "#version: 0.2" then one "left right" merge a line
  tokenizer_config.json, special_tokens_map.json   as transformers' save_pretrained writes them
DIR/weights/ holds the same weights as GPT2LMHeadModel.save_pretrained writes them after .half() and
.to(torch.bfloat16): names with "transformer.", no mask buffers, F16 and BF16. Every weight is a value
that F32, F16 and BF16 all represent exactly, so the three files hold the same numbers.

The safetensors bytes follow the reference writer (safetensors' Rust crate): 8-byte little-endian
header length, compact JSON header with __metadata__ first and tensors sorted by name, padded with
spaces to a multiple of 8, then the little-endian tensor data in header order.

The byte-level BPE is trained here on TEXT (most frequent pair first, ties to the smaller pair), and
golden_ids.json holds the ids of GOLDEN_STRINGS computed with OpenAI's GPT-2 encoder algorithm
(lowest-rank pair first) over the GPT-2 pre-tokenizer regex, written out by hand below.
"""
import json
import os
import random
import struct
import sys
import unicodedata

SEED = 20261206
MERGES = 200
EOS = "<|endoftext|>"
N_LAYER, N_HEAD, N_EMBD, N_POSITIONS = 2, 2, 32, 64
TRANSFORMERS_VERSION = "4.46.3"

TEXT = """\
The river ran past the old mill, and the miller's daughter watched the water turn the wheel.
She didn't know where the river went, but she'd heard the sailors say it reached the sea.
In the morning the fog lay on the fields; in the evening the lamps were lit along the road.
Songs were sung in the tavern: songs of the river, songs of the sea, songs of the long road home.
"We'll go tomorrow," said her brother, "when the rain has stopped and the road is dry."
They walked for 12 days and 11 nights, counting 1000 steps between every rest.
The weather turned, the wind rose, and the rain fell on the roofs of the town.
Café au lait, naïve façade, déjà vu: the travellers' phrases were written in the margins.
Привет, мир! Река течёт к морю, и песня плывёт над водой.
"""

GOLDEN_STRINGS = [
    "The river ran past the old mill.",
    "She didn't know where the river went, but they'll see.",
    "songs of the sea",
    "  two spaces,\tone tab\n\nand new lines\n",
    "12 days and 1000 steps",
    "Café déjà vu",
    "Привет, мир!",
    "emoji 🙂 and ∑",
    "end of text<|endoftext|>next document",
    "",
]


def bytes_to_unicode():
    """GPT-2's byte -> printable character table (encoder.py)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_CHAR = bytes_to_unicode()


def is_letter(c):
    return unicodedata.category(c).startswith("L")


def is_number(c):
    return unicodedata.category(c).startswith("N")


def pretokenize(text):
    """GPT-2's pattern 's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i] == "'":
            hit = next((s for s in ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d") if text.startswith(s, i)), None)
            if hit:
                out.append(hit)
                i += len(hit)
                continue
        j = i + 1 if text[i] == " " and i + 1 < n and not text[i + 1].isspace() else i
        for cls in (is_letter, is_number, lambda c: not c.isspace() and not is_letter(c) and not is_number(c)):
            if j < n and cls(text[j]):
                k = j
                while k < n and cls(text[k]):
                    k += 1
                out.append(text[i:k])
                i = k
                break
        else:
            k = i
            while k < n and text[k].isspace():
                k += 1
            if k < n and k - i > 1:
                k -= 1  # \s+(?!\S): leave the last space to prefix the next word
            out.append(text[i:k])
            i = k
    return out


def byte_level(piece):
    return "".join(BYTE_CHAR[b] for b in piece.encode("utf-8"))


def train_bpe(text, merges):
    words = {}
    for piece in pretokenize(text):
        w = tuple(byte_level(piece))
        words[w] = words.get(w, 0) + 1
    vocab = {c: i for i, c in enumerate(BYTE_CHAR.values())}  # GPT-2's order: printable bytes first
    ranks = []
    for _ in range(merges):
        pairs = {}
        for w, count in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + count
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        ranks.append(best)
        vocab[best[0] + best[1]] = len(vocab)
        words = {merge_word(w, best): c for w, c in words.items()}
    vocab[EOS] = len(vocab)
    return vocab, ranks


def merge_word(word, pair):
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def bpe(piece, rank):
    word = tuple(byte_level(piece))
    while len(word) > 1:
        pair = min(zip(word, word[1:]), key=lambda p: rank.get(p, float("inf")))
        if pair not in rank:
            break
        word = merge_word(word, pair)
    return word


def encode(text, vocab, rank):
    ids = []
    for k, part in enumerate(text.split(EOS)):
        if k > 0:
            ids.append(vocab[EOS])
        for piece in pretokenize(part):
            ids.extend(vocab[t] for t in bpe(piece, rank))
    return ids


def check_pretokenizer():
    """Where the third-party regex module is installed, the hand-written pattern must agree with it."""
    try:
        import regex
    except ImportError:
        return
    pat = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
    for s in GOLDEN_STRINGS + TEXT.splitlines(keepends=True) + [TEXT]:
        assert pretokenize(s) == pat.findall(s), (s, pretokenize(s), pat.findall(s))


def representable(rnd, std, mean=0.0):
    """A normal sample rounded to 8 significant bits and kept in F16's normal range: exact in F32, F16 and BF16."""
    x = rnd.gauss(mean, std)
    if abs(x) < 2.0 ** -14:
        return 0.0
    (bits,) = struct.unpack("<I", struct.pack("<f", x))
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def weights(vocab_size):
    """HF GPT-2 tensors by hub name (no "transformer."), row-major lists, with their shapes."""
    rnd = random.Random(SEED)
    C = N_EMBD
    out = {}

    def t(name, shape, std, mean=0.0):
        n = 1
        for d in shape:
            n *= d
        out[name] = (shape, [representable(rnd, std, mean) for _ in range(n)])

    t("wte.weight", [vocab_size, C], 0.1)
    t("wpe.weight", [N_POSITIONS, C], 0.02)
    for i in range(N_LAYER):
        h = f"h.{i}."
        t(h + "ln_1.weight", [C], 0.05, 1.0)
        t(h + "ln_1.bias", [C], 0.02)
        t(h + "attn.c_attn.weight", [C, 3 * C], 0.05)
        t(h + "attn.c_attn.bias", [3 * C], 0.02)
        t(h + "attn.c_proj.weight", [C, C], 0.05)
        t(h + "attn.c_proj.bias", [C], 0.02)
        t(h + "ln_2.weight", [C], 0.05, 1.0)
        t(h + "ln_2.bias", [C], 0.02)
        t(h + "mlp.c_fc.weight", [C, 4 * C], 0.05)
        t(h + "mlp.c_fc.bias", [4 * C], 0.02)
        t(h + "mlp.c_proj.weight", [4 * C, C], 0.05)
        t(h + "mlp.c_proj.bias", [C], 0.02)
    t("ln_f.weight", [C], 0.05, 1.0)
    t("ln_f.bias", [C], 0.02)
    return out


def pack(values, dtype):
    if dtype == "F32":
        return struct.pack(f"<{len(values)}f", *values)
    if dtype == "F16":
        return struct.pack(f"<{len(values)}e", *values)
    raw = struct.pack(f"<{len(values)}f", *values)
    return b"".join(raw[i + 2:i + 4] for i in range(0, len(raw), 4))  # BF16: high half of each F32


def write_safetensors(path, tensors, dtype):
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        shape, values = tensors[name]
        b = pack(values, dtype)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def transformers_json(obj):
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def byte_level_component(add_prefix_space, trim_offsets):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": trim_offsets, "use_regex": True}


def tokenizer_json(vocab, ranks):
    eos = {"id": vocab[EOS], "content": EOS, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": True}
    doc = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [eos],
        "normalizer": None,
        "pre_tokenizer": byte_level_component(False, True),
        "post_processor": byte_level_component(True, False),
        "decoder": byte_level_component(True, True),
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": dict(sorted(vocab.items(), key=lambda e: e[1])),
            "merges": [list(p) for p in ranks],
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def config_json(vocab_size, eos_id, torch_dtype):
    return {
        "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
        "bos_token_id": eos_id, "embd_pdrop": 0.1, "eos_token_id": eos_id, "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": N_POSITIONS, "n_embd": N_EMBD, "n_head": N_HEAD,
        "n_inner": None, "n_layer": N_LAYER, "n_positions": N_POSITIONS, "reorder_and_upcast_attn": False,
        "resid_pdrop": 0.1, "scale_attn_by_inverse_layer_idx": False, "scale_attn_weights": True,
        "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
        "summary_type": "cls_index", "summary_use_proj": True,
        "task_specific_params": {"text-generation": {"do_sample": True, "max_length": 50}},
        "torch_dtype": torch_dtype, "transformers_version": TRANSFORMERS_VERSION, "use_cache": True, "vocab_size": vocab_size,
    }


def make(out_dir):
    check_pretokenizer()
    vocab, ranks = train_bpe(TEXT, MERGES)
    eos_id = vocab[EOS]
    model = os.path.join(out_dir, "gpt2-tiny")
    os.makedirs(model, exist_ok=True)
    write_text(os.path.join(model, "tokenizer.json"), tokenizer_json(vocab, ranks))
    write_text(os.path.join(model, "vocab.json"), json.dumps(vocab))
    write_text(os.path.join(model, "merges.txt"), "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in ranks))
    eos_decoder = {"content": EOS, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False, "special": True}
    write_text(os.path.join(model, "tokenizer_config.json"), transformers_json({
        "add_bos_token": False, "add_prefix_space": False, "added_tokens_decoder": {str(eos_id): eos_decoder},
        "bos_token": EOS, "clean_up_tokenization_spaces": False, "eos_token": EOS, "errors": "replace",
        "model_max_length": N_POSITIONS, "pad_token": None, "tokenizer_class": "GPT2Tokenizer", "unk_token": EOS}))
    write_text(os.path.join(model, "special_tokens_map.json"), transformers_json({"bos_token": EOS, "eos_token": EOS, "unk_token": EOS}))
    write_text(os.path.join(model, "generation_config.json"), transformers_json({
        "_from_model_config": True, "bos_token_id": eos_id, "eos_token_id": eos_id, "transformers_version": TRANSFORMERS_VERSION}))
    write_text(os.path.join(model, "config.json"), transformers_json(config_json(len(vocab), eos_id, "float32")))

    w = weights(len(vocab))
    hub = dict(w)
    causal = [1.0 if c <= r else 0.0 for r in range(N_POSITIONS) for c in range(N_POSITIONS)]
    for i in range(N_LAYER):
        hub[f"h.{i}.attn.bias"] = ([1, 1, N_POSITIONS, N_POSITIONS], causal)
    write_safetensors(os.path.join(model, "model.safetensors"), hub, "F32")
    saved = {"transformer." + name: t for name, t in w.items()}
    os.makedirs(os.path.join(out_dir, "weights"), exist_ok=True)
    write_safetensors(os.path.join(out_dir, "weights", "model.f16.safetensors"), saved, "F16")
    write_safetensors(os.path.join(out_dir, "weights", "model.bf16.safetensors"), saved, "BF16")

    rank = {p: r for r, p in enumerate(ranks)}
    rows = [json.dumps({"text": s, "ids": encode(s, vocab, rank)}, ensure_ascii=False) for s in GOLDEN_STRINGS]
    write_text(os.path.join(out_dir, "golden_ids.json"), f'{{"vocab_size": {len(vocab)}, "eos_id": {eos_id}, "merges": {len(ranks)},'
               + ' "ids": [\n  ' + ",\n  ".join(rows) + "\n]}\n")
    print(f"wrote {out_dir}: vocab {len(vocab)}, merges {len(ranks)}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "make":
        sys.exit(__doc__)
    make(sys.argv[2])

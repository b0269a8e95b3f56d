"""`coursekit similarity`: a copied pair of a class of eight ranks first, well above the honest pairs."""
import csv
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from tests.conftest import ROOT

STUB = (ROOT / "exercises" / "lecture2" / "trigram.py").read_text()

# Seven learners' own lecture2.E01 (trigram.py), each function's body by function name; a body
# may bring helper functions after it. They solve the same problem, so they share some code
# the exercise dictates (the training loop most of all), but each is built its own way.
ALICE = {
    "trigrams": '''
    out = []
    for word in words:
        padded = ".." + word + "."
        for i in range(len(padded) - 2):
            out.append((stoi[padded[i]], stoi[padded[i + 1]], stoi[padded[i + 2]]))
    return out
''',
    "trigram_counts": '''
    size = len(stoi)
    N = torch.zeros((size, size, size), dtype=torch.int32)
    for a, b, c in trigrams(words, stoi):
        N[a, b, c] += 1
    return N
''',
    "trigram_probs": '''
    smoothed = (N + k).float()
    return smoothed / smoothed.sum(dim=-1, keepdim=True)
''',
    "trigram_nll": '''
    total, n = 0.0, 0
    for a, b, c in trigrams(words, stoi):
        total += -torch.log(P[a, b, c]).item()
        n += 1
    return total / n
''',
    "make_trigram_dataset": '''
    xs, ys = [], []
    for a, b, c in trigrams(words, stoi):
        xs.append([a, b])
        ys.append(c)
    return torch.tensor(xs), torch.tensor(ys)
''',
    "trigram_loss": '''
    first = F.one_hot(xs[:, 0], num_classes=27).float()
    second = F.one_hot(xs[:, 1], num_classes=27).float()
    logits = torch.cat((first, second), dim=1) @ W
    probs = logits.exp() / logits.exp().sum(1, keepdim=True)
    nll = -probs[torch.arange(ys.shape[0]), ys].log().mean()
    return nll + reg * (W ** 2).mean()
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    for step in range(steps):
        W.grad = None
        trigram_loss(W, xs, ys, reg).backward()
        W.data.add_(W.grad, alpha=-lr)
    return W
''',
}

BOB = {
    "trigrams": '''
    return [t for w in words for t in _word_triples(w, stoi)]


def _word_triples(w, stoi):
    ids = [stoi["."]] * 2 + [stoi[c] for c in w] + [stoi["."]]
    return list(zip(ids[:-2], ids[1:-1], ids[2:]))
''',
    "trigram_counts": '''
    V = len(stoi)
    t = torch.tensor(trigrams(words, stoi), dtype=torch.long)
    flat = (t[:, 0] * V + t[:, 1]) * V + t[:, 2]
    return torch.bincount(flat, minlength=V ** 3).view(V, V, V).to(torch.int32)
''',
    "trigram_probs": '''
    P = N.float() + k
    P = P / P.sum(2).unsqueeze(2)
    return P
''',
    "trigram_nll": '''
    t = torch.tensor(trigrams(words, stoi))
    picked = P[t[:, 0], t[:, 1]].gather(1, t[:, 2:3]).squeeze(1)
    return float(-picked.log().mean())
''',
    "make_trigram_dataset": '''
    t = torch.tensor(trigrams(words, stoi), dtype=torch.int64)
    return t[:, :2].contiguous(), t[:, 2].contiguous()
''',
    "trigram_loss": '''
    x = torch.zeros(len(xs), 54)
    x[torch.arange(len(xs)), xs[:, 0]] = 1.0
    x[torch.arange(len(xs)), 27 + xs[:, 1]] = 1.0
    return F.cross_entropy(x @ W, ys) + reg * W.pow(2).mean()
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    n = 0
    while n < steps:
        if W.grad is not None:
            W.grad.zero_()
        trigram_loss(W, xs, ys, reg).backward()
        with torch.no_grad():
            W -= lr * W.grad
        n += 1
    return W
''',
}

CAROL = {
    "trigrams": '''
    result = []
    for word in words:
        chars = _pad(word)
        result += [_index(stoi, chars[i:i + 3]) for i in range(len(chars) - 2)]
    return result


def _pad(word):
    # two dots in front so the first letter has a context
    return ".." + word + "."


def _index(stoi, three):
    return tuple(stoi[ch] for ch in three)
''',
    "trigram_counts": '''
    import itertools

    counts = torch.zeros(len(stoi), len(stoi), len(stoi), dtype=torch.int32)
    for (i, j, l), group in itertools.groupby(sorted(trigrams(words, stoi))):
        counts[i, j, l] = sum(1 for _ in group)
    return counts
''',
    "trigram_probs": '''
    probs = torch.div(N.to(torch.float32) + k, (N.to(torch.float32) + k).sum(-1, keepdim=True))
    return probs
''',
    "trigram_nll": '''
    import math

    logs = [math.log(P[i, j, l].item()) for i, j, l in trigrams(words, stoi)]
    return -sum(logs) / len(logs)
''',
    "make_trigram_dataset": '''
    triples = trigrams(words, stoi)
    context = torch.tensor([[i, j] for i, j, _ in triples], dtype=torch.int64)
    target = torch.tensor([l for _, _, l in triples], dtype=torch.int64)
    return context, target
''',
    "trigram_loss": '''
    # one-hot @ W is just picking rows of W: row x0 from the top half, x1 from the bottom
    logits = W[xs[:, 0]] + W[27 + xs[:, 1]]
    probs = torch.softmax(logits, dim=1)
    loss = -torch.log(probs[range(len(ys)), ys]).mean()
    return loss + reg * (W * W).mean()
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    for _ in range(steps):
        W.grad = None
        loss = trigram_loss(W, xs, ys, reg=reg)
        loss.backward()
        W.data -= lr * W.grad
    return W
''',
}

DAVE = {
    "trigrams": '''
    res = []
    for w in words:
        s = ".." + w + "."
        res.extend((stoi[s[i]], stoi[s[i + 1]], stoi[s[i + 2]]) for i in range(len(w) + 1))
    return res
''',
    "trigram_counts": '''
    from collections import Counter

    tally = Counter(trigrams(words, stoi))
    n = len(stoi)
    N = torch.zeros(n, n, n, dtype=torch.int32)
    for key, value in tally.items():
        N[key] = value
    return N
''',
    "trigram_probs": '''
    counts = N.float()
    counts += k
    return counts / counts.sum(axis=2, keepdims=True)
''',
    "trigram_nll": '''
    ix = torch.tensor(trigrams(words, stoi)).T
    logp = torch.log(P[ix[0], ix[1], ix[2]])
    return -(logp.sum() / logp.numel()).item()
''',
    "make_trigram_dataset": '''
    data = torch.tensor(trigrams(words, stoi))
    xs, ys = data.split([2, 1], dim=1)
    return xs.long(), ys.squeeze(-1).long()
''',
    "trigram_loss": '''
    xenc = F.one_hot(xs, 27).float().reshape(xs.shape[0], 54)
    logp = torch.log_softmax(xenc @ W, dim=-1)
    return -logp.gather(1, ys.view(-1, 1)).mean() + reg * torch.mean(W ** 2)
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)

    def step():
        W.grad = None
        trigram_loss(W, xs, ys, reg).backward()
        W.data += -lr * W.grad

    for i in range(steps):
        step()
    return W
''',
}

ERIN = {
    "trigrams": '''
    return list(_each(words, stoi))


def _each(words, stoi):
    for w in words:
        a = b = stoi["."]
        for ch in w + ".":
            c = stoi[ch]
            yield a, b, c
            a, b = b, c
''',
    "trigram_counts": '''
    idx = torch.tensor(trigrams(words, stoi))
    V = len(stoi)
    N = torch.zeros(V * V * V, dtype=torch.int32)
    N.scatter_add_(0, idx[:, 0] * V * V + idx[:, 1] * V + idx[:, 2], torch.ones(len(idx), dtype=torch.int32))
    return N.reshape(V, V, V)
''',
    "trigram_probs": '''
    P = (N + k).float()
    P /= P.sum(dim=2, keepdim=True)
    return P
''',
    "trigram_nll": '''
    log_likelihood = 0.0
    count = 0
    for w in words:
        for a, b, c in _each([w], stoi):
            log_likelihood += torch.log(P[a, b, c])
            count += 1
    return (-log_likelihood / count).item()
''',
    "make_trigram_dataset": '''
    xs = []
    ys = []
    for a, b, c in _each(words, stoi):
        xs.append((a, b))
        ys.append(c)
    return torch.tensor(xs, dtype=torch.long), torch.tensor(ys, dtype=torch.long)
''',
    "trigram_loss": '''
    eye = torch.eye(27)
    xenc = torch.hstack([eye[xs[:, 0]], eye[xs[:, 1]]])
    counts = (xenc @ W).exp()
    probs = counts / counts.sum(1, keepdims=True)
    return -probs[torch.arange(len(xs)), ys].log().mean() + reg * (W**2).mean()
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    for _ in range(steps):
        W.grad = None
        trigram_loss(W, xs, ys, reg).backward()
        W.data += -lr * W.grad
    return W
''',
}

FRANK = {
    "trigrams": '''
    def triples(word):
        seq = list(map(stoi.get, "..%s." % word))
        return zip(seq, seq[1:], seq[2:])

    return [t for word in words for t in triples(word)]
''',
    "trigram_counts": '''
    V = len(stoi)
    N = torch.zeros((V, V, V), dtype=torch.int32)
    t = torch.tensor(trigrams(words, stoi))
    N.index_put_(tuple(t.T), torch.tensor(1, dtype=torch.int32), accumulate=True)
    return N
''',
    "trigram_probs": '''
    smooth = N.float().add(k)
    norm = smooth.sum(dim=2)[..., None]
    return smooth.div(norm)
''',
    "trigram_nll": '''
    t = torch.tensor(trigrams(words, stoi))
    return torch.mean(-torch.log(P[tuple(t.T)])).item()
''',
    "make_trigram_dataset": '''
    t = torch.tensor(trigrams(words, stoi))
    return t[:, 0:2], t[:, -1]
''',
    "trigram_loss": '''
    onehot = torch.eye(27)[xs].flatten(1)
    log_probs = (onehot @ W).log_softmax(1)
    return -log_probs[torch.arange(ys.numel()), ys].mean() + reg * W.square().mean()
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    for _ in range(steps):
        loss = trigram_loss(W, xs, ys, reg)
        loss.backward()
        with torch.no_grad():
            W.sub_(lr * W.grad)
            W.grad.zero_()
    return W
''',
}

GRACE = {
    "trigrams": '''
    all_triples = []
    w_index = 0
    while w_index < len(words):
        word = words[w_index]
        letters = ['.', '.']
        for letter in word:
            letters.append(letter)
        letters.append('.')
        position = 0
        while position + 2 < len(letters):
            first = stoi[letters[position]]
            second = stoi[letters[position + 1]]
            third = stoi[letters[position + 2]]
            all_triples.append((first, second, third))
            position = position + 1
        w_index = w_index + 1
    return all_triples
''',
    "trigram_counts": '''
    vocab_size = len(stoi)
    counts = torch.zeros((vocab_size, vocab_size, vocab_size), dtype=torch.int32)
    for triple in trigrams(words, stoi):
        first, second, third = triple
        counts[first][second][third] = counts[first][second][third] + 1
    return counts
''',
    "trigram_probs": '''
    counts = N.float()
    counts = counts + k
    totals = counts.sum(2, keepdim=True)
    probabilities = counts / totals
    return probabilities
''',
    "trigram_nll": '''
    all_triples = trigrams(words, stoi)
    log_sum = 0.0
    for triple in all_triples:
        first, second, third = triple
        probability = P[first, second, third]
        log_sum = log_sum + torch.log(probability).item()
    average = log_sum / len(all_triples)
    return -average
''',
    "make_trigram_dataset": '''
    inputs = []
    labels = []
    for triple in trigrams(words, stoi):
        inputs.append([triple[0], triple[1]])
        labels.append(triple[2])
    inputs = torch.tensor(inputs, dtype=torch.int64)
    labels = torch.tensor(labels, dtype=torch.int64)
    return inputs, labels
''',
    "trigram_loss": '''
    number = xs.shape[0]
    encoded = torch.zeros((number, 54))
    for row in range(number):
        encoded[row, xs[row, 0]] = 1.0
        encoded[row, 27 + xs[row, 1]] = 1.0
    logits = encoded @ W
    counts = torch.exp(logits)
    probabilities = counts / torch.sum(counts, dim=1, keepdim=True)
    correct = probabilities[torch.arange(number), ys]
    loss = -torch.mean(torch.log(correct))
    loss = loss + reg * torch.mean(W ** 2)
    return loss
''',
    "train_neural_trigram": '''
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    step = 0
    while step < steps:
        loss = trigram_loss(W, xs, ys, reg)
        W.grad = None
        loss.backward()
        W.data = W.data - lr * W.grad
        step = step + 1
    return W
''',
}

# carol's file copied: every name changed, her two helpers moved below trigram_nll and swapped,
# the comments reworded
RENAMES = {"result": "found", "word": "name", "chars": "letters", "i": "x", "j": "y", "l": "z", "three": "chunk",
           "ch": "c", "counts": "table", "group": "run", "probs": "dist", "logs": "values", "triples": "rows",
           "context": "inputs", "target": "labels", "logits": "scores", "loss": "out", "_pad": "_padded",
           "_index": "_lookup"}
COMMENTS = {"two dots in front so the first letter has a context": "the start is two dots, so the first letter is predicted too",
            "one-hot @ W is just picking rows of W: row x0 from the top half, x1 from the bottom":
                "the one-hot product only selects rows, so index W directly"}


def copied(bodies: dict[str, str]) -> dict[str, str]:
    def disguise(code: str) -> str:
        for old, new in COMMENTS.items():
            code = code.replace(old, new)
        return re.sub(r"\b\w+\b", lambda m: RENAMES.get(m.group(0), m.group(0)), code)

    own, *helpers = bodies["trigrams"].split("\n\n\ndef ")
    out = {name: disguise(body) for name, body in bodies.items()}
    out["trigrams"] = disguise(own) + "\n"
    out["trigram_nll"] += "".join(f"\n\ndef {disguise(h)}" for h in reversed(helpers))
    return out


HEIDI = copied(CAROL)

CLASS = {"alice": ALICE, "bob": BOB, "carol": CAROL, "dave": DAVE, "erin": ERIN, "frank": FRANK,
         "grace": GRACE, "heidi": HEIDI}


def filled(bodies: dict[str, str]) -> str:
    """The stub with each ``raise NotImplementedError`` replaced by the learner's body of that function."""
    out = STUB
    for name, body in bodies.items():
        head = re.search(rf"def {name}\(.*?\n    raise NotImplementedError\n", out, re.S)
        out = (out[:head.start()] + head.group(0).replace("    raise NotImplementedError\n", body.strip("\n") + "\n")
               + out[head.end():])
    return out


def make_class(root: Path) -> Path:
    """Eight learners, handed in as an instructor gets them: folders, a bundle clone, a zip, LMS files."""
    for name, bodies in CLASS.items():
        code = filled(bodies)
        compile(code, name, "exec")
        if name == "bob":                                  # a clone of the student bundle
            target = root / name / "exercises" / "lecture2" / "trigram.py"
        elif name == "erin":                               # a zip of her lecture folder
            root.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(root / "erin.zip", "w") as z:
                z.writestr("lecture2/trigram.py", code)
            continue
        elif name == "frank":                              # Canvas's flat download
            target = root / "frank_1234_5678_trigram.py"
        else:
            target = root / name / "lecture2" / "trigram.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code)
    return root


def cli(*args, code=0):
    result = CliRunner().invoke(main, ["--course", str(ROOT), *map(str, args)])
    assert result.exit_code == code, result.output
    return result


def test_the_copied_pair_ranks_first(tmp_path):
    subs = make_class(tmp_path / "subs")
    out, pairs = tmp_path / "out" / "similarity.html", tmp_path / "out" / "pairs.csv"
    result = cli("similarity", subs, "lecture2.E01", "--out", out, "--csv", pairs)
    rows = list(csv.DictReader(pairs.open()))
    assert list(rows[0]) == ["rank", "learner_a", "learner_b", "similarity", "file", "overlap_tokens",
                             "similarity_a", "similarity_b"]
    assert len(rows) == 28                                 # every two of the eight, once
    first, second = rows[0], rows[1]
    assert (first["rank"], first["learner_a"], first["learner_b"], first["file"]) == \
        ("1", "carol", "heidi", "lecture2/trigram.py")
    assert float(first["similarity"]) > 0.9 and float(second["similarity"]) < 0.5, (first, second)
    assert float(first["similarity"]) > 2 * float(second["similarity"])
    assert all(r["file"] == "lecture2/trigram.py" and int(r["overlap_tokens"]) >= 0 for r in rows)
    assert [float(r["similarity"]) for r in rows] == sorted((float(r["similarity"]) for r in rows), reverse=True)
    assert {r["learner_a"] for r in rows} | {r["learner_b"] for r in rows} == set(CLASS)
    html = out.read_text()
    assert "<html" in html and "carol/lecture2/trigram.py" in html and "heidi/lecture2/trigram.py" in html
    assert str(tmp_path) not in html and "coursekit-similarity-" not in html   # paths as the class has them
    assert "  1. 100.0%  carol ~ heidi  (lecture2/trigram.py" in result.output
    assert f"report: {out}" in result.output


def test_a_learner_without_the_file_is_left_out_of_it(tmp_path):
    subs = tmp_path / "subs"
    for name in ("alice", "carol", "heidi"):
        f = subs / name / "lecture2" / ("trigram.py" if name != "alice" else "split.py")
        f.parent.mkdir(parents=True)
        f.write_text(filled(CLASS[name]) if name != "alice" else "def split(words):\n    return words\n")
    (subs / "notes.txt").write_text("not a submission")
    pairs = tmp_path / "pairs.csv"
    result = cli("similarity", subs, "lecture2.E01", "lecture2.E02", "--out", tmp_path / "r.html", "--csv", pairs)
    rows = list(csv.DictReader(pairs.open()))
    assert [(r["learner_a"], r["learner_b"], r["file"]) for r in rows] == [("carol", "heidi", "lecture2/trigram.py")]
    assert "skipped notes.txt: notes.txt is no folder" in result.output


def test_fewer_than_two_learners_is_one_line(tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice" / "lecture2").mkdir(parents=True)
    (subs / "alice" / "lecture2" / "trigram.py").write_text(filled(ALICE))
    (subs / "bob" / "lecture2").mkdir(parents=True)
    (subs / "bob" / "lecture2" / "bigram.py").write_text("x = 1\n")
    result = cli("similarity", subs, "lecture2.E01", "--out", tmp_path / "r.html", code=2)
    assert result.output.strip().splitlines() == [
        f"coursekit: {subs}: 1 learner with lecture2/trigram.py; comparing needs at least two"]
    assert not (tmp_path / "r.html").exists()


def test_bad_options_are_one_line(tmp_path):
    subs = make_class(tmp_path / "subs")
    result = cli("similarity", subs, "--out", tmp_path / "r.html", "--noise", "30", "--guarantee", "20", code=2)
    assert result.output.strip().splitlines() == ["coursekit: --guarantee 20 is below --noise 30; it must be at least as large"]
    result = cli("similarity", tmp_path / "nowhere", "--out", tmp_path / "r.html", code=2)
    assert len(result.output.strip().splitlines()) == 1 and "expected a folder" in result.output

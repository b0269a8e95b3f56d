"""Let's build the GPT Tokenizer, part 1: the pieces every byte-pair encoder shares.

Text becomes UTF-8 bytes, so a tokenizer starts with 256 ids (0..255), one per byte.
Byte-pair encoding then repeats one step: count every adjacent pair of ids
(``get_stats``), take the most frequent pair and replace it everywhere by a new id
(``merge``). You write those two functions here, and ``save``/``load`` of a trained
tokenizer. ``Tokenizer`` holds what training produces; ``BasicTokenizer`` (basic.py)
and ``RegexTokenizer`` (regex_tokenizer.py) build on it.
"""


def get_stats(ids, counts=None):
    """Count the adjacent pairs of ``ids`` (a list of ints): returns ``{(id0, id1): count}``.

    ``get_stats([1, 2, 3, 1, 2]) == {(1, 2): 2, (2, 3): 1, (3, 1): 1}``; an empty list
    or a single id has no pairs (``{}``). The dict keeps the pairs in the order they
    first occur, as a dict filled left to right does: training breaks ties by it.
    With ``counts`` (a dict from an earlier call) the new pairs are added to it in place
    and that same dict is returned: the regex tokenizer counts over many chunks this way.
    ``ids`` itself is never modified.
    """
    raise NotImplementedError


def merge(ids, pair, idx):
    """A new list: ``ids`` with every occurrence of ``pair`` replaced by the one id ``idx``.

    Go left to right; where ``ids[i], ids[i + 1]`` is the pair, emit ``idx`` and move on
    past both, so occurrences never overlap:
    ``merge([5, 6, 6, 7, 9, 1], (6, 7), 99) == [5, 6, 99, 9, 1]`` and
    ``merge([97, 97, 97], (97, 97), 256) == [256, 97]`` ("aaa" holds one "aa", not two).
    ``ids`` itself is not modified.
    """
    raise NotImplementedError


class Tokenizer:
    """A trained tokenizer: what ``train`` learns and ``save``/``load`` keep.

    - ``merges``: ``{(id0, id1): idx}`` in the order they were learned, idx = 256, 257, ...
    - ``pattern``: the regex that splits text into chunks before merging ("" for none).
    - ``special_tokens``: ``{"<|endoftext|>": 100257, ...}``, text -> id.
    - ``vocab``: ``{idx: bytes}``, made from merges and special tokens by ``_build_vocab``.
    """

    def __init__(self):
        self.merges = {}
        self.pattern = ""
        self.special_tokens = {}
        self.vocab = self._build_vocab()

    def _build_vocab(self):
        """Ids 0..255 are the single bytes; a merge's id is its pair's bytes joined; a special
        token's id is its text in UTF-8."""
        vocab = {idx: bytes([idx]) for idx in range(256)}
        for (p0, p1), idx in self.merges.items():
            vocab[idx] = vocab[p0] + vocab[p1]
        for special, idx in self.special_tokens.items():
            vocab[idx] = special.encode("utf-8")
        return vocab

    def save(self, file_prefix):
        """Write ``file_prefix + ".model"``, a UTF-8 text file that ``load`` reads back:

            minbpe v1
            <the pattern>
            <number of special tokens>
            <special token> <its id>        one line each
            <id0> <id1>                     one line per merge, in the order learned

        A merge's own id is not written: the n-th merge line (from 0) is id 256 + n.
        """
        raise NotImplementedError

    def load(self, model_file):
        """Read a ``.model`` file written by ``save`` (the format is in its docstring) into
        ``self.pattern``, ``self.special_tokens`` and ``self.merges`` (ids from 256 in file
        order), then rebuild ``self.vocab`` with ``self._build_vocab()``."""
        raise NotImplementedError

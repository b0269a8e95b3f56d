"""Let's build the GPT Tokenizer, part 2: a byte-level BPE tokenizer.

``train`` learns merges on a text: start from its UTF-8 bytes and merge the most
frequent pair into a new id, 256, 257, ... until the vocabulary has ``vocab_size`` ids.
``encode`` applies the learned merges to any text, ``decode`` turns ids back into text.
Every string round-trips: ``decode(encode(text)) == text``.
"""
from base import Tokenizer, get_stats, merge


class BasicTokenizer(Tokenizer):
    """Byte-pair encoding straight on the bytes of the text (no regex split, no special tokens)."""

    def train(self, text, vocab_size, verbose=False):
        """Learn ``vocab_size - 256`` merges from ``text`` into ``self.merges`` and ``self.vocab``.

        Each step merges the most frequent pair of the current ids into the next new id;
        on a tie, the pair that occurs first wins (``max(stats, key=stats.get)`` does
        this, since ``get_stats`` keeps first-occurrence order). ``self.merges`` maps
        ``(id0, id1) -> idx`` in the order learned; ``self.vocab[idx]`` is the bytes of
        ``idx``: ``vocab[id0] + vocab[id1]`` for a merge, ``bytes([idx])`` below 256.
        "aaabdaaabac" trained to vocab_size 259 learns (97, 97) -> 256, (256, 97) -> 257,
        (257, 98) -> 258.
        """
        assert vocab_size >= 256
        raise NotImplementedError

    def encode(self, text):
        """The ids of ``text`` (a list of ints; ``[]`` for ``""``).

        Start from the UTF-8 bytes and apply the learned merges by rank: while some
        adjacent pair has a merge, merge the pair with the lowest merge id first (the one
        learned earliest), not the most frequent one in this text.
        """
        raise NotImplementedError

    def decode(self, ids):
        """The text of ``ids``: their bytes joined and decoded as UTF-8.

        Not every list of ids is valid UTF-8 (``decode([128])``, or one half of an
        emoji's bytes): decode with ``errors="replace"`` so those bytes become U+FFFD
        instead of an exception.
        """
        raise NotImplementedError

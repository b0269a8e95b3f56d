"""Let's build the GPT Tokenizer, part 3: the GPT-4 style tokenizer.

GPT-2 and GPT-4 first split text into chunks with a regex (letters, numbers,
punctuation and whitespace apart) and merge only inside a chunk, so no token spans
"dog" and "." or a word and the next one. You write ``train`` and ``encode_ordinary``
with that split, ``decode``, and special tokens such as "<|endoftext|>": ids of their
own, never merged with the text around them, and recognised by ``encode`` only when
``allowed_special`` says so.

The patterns need the ``regex`` package (``\\p{L}`` is "any letter", ``?+``/``++`` are
possessive quantifiers); the standard library's ``re`` can't compile them.
"""
import regex as re

from base import Tokenizer, get_stats, merge

# The split patterns of GPT-2 and GPT-4 (cl100k_base), from tiktoken.
GPT2_SPLIT_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
GPT4_SPLIT_PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""


class RegexTokenizer(Tokenizer):
    """Byte-pair encoding inside the chunks of a split pattern, plus special tokens."""

    def __init__(self, pattern=None):
        """``pattern``: the split regex, ``GPT4_SPLIT_PATTERN`` when None."""
        super().__init__()
        self.pattern = GPT4_SPLIT_PATTERN if pattern is None else pattern

    def train(self, text, vocab_size, verbose=False):
        """Learn ``vocab_size - 256`` merges into ``self.merges`` and ``self.vocab``.

        Split ``text`` into chunks (``re.findall`` with ``self.pattern``) and encode
        each chunk to its UTF-8 bytes. At each step count the pairs of every chunk into
        one dict (``get_stats(chunk_ids, stats)``, chunks in order), merge the most
        frequent pair (ties: the pair seen first, as ``max(stats, key=stats.get)`` does)
        in every chunk, and record it as the next id from 256. A pair is never counted
        across two chunks.
        """
        assert vocab_size >= 256
        raise NotImplementedError

    def encode_ordinary(self, text):
        """The ids of ``text``, ignoring special tokens: split it into chunks with the
        pattern, encode each chunk's bytes by merge rank (lowest merge id first, as
        ``BasicTokenizer.encode``) and concatenate. No token spans two chunks."""
        raise NotImplementedError

    def decode(self, ids):
        """The text of ``ids``, special tokens' ids included: every id's bytes (a special
        token's are its text in UTF-8) joined, then decoded with ``errors="replace"``.
        An id that is neither in ``self.vocab`` nor a special token raises ValueError."""
        raise NotImplementedError

    def register_special_tokens(self, special_tokens):
        """Add special tokens: ``special_tokens`` is ``{"<|endoftext|>": 100257, ...}``."""
        raise NotImplementedError

    def encode(self, text, allowed_special="none_raise"):
        """The ids of ``text``, with special tokens as ``allowed_special`` says:

        - ``"all"``: every registered special token in the text becomes its own id;
        - ``"none"``: none does; their text is encoded like any other text;
        - ``"none_raise"`` (the default): like "none", but raise ValueError if the text
          contains a registered special token at all (tiktoken's safe default);
        - a set of special tokens' texts: only those become ids.

        The text between special tokens is encoded with ``encode_ordinary``, on its own:
        "a<|endoftext|>b" is ``encode_ordinary("a") + [id] + encode_ordinary("b")``.
        Special tokens are plain text to a regex: escape them (``re.escape``) before
        building a pattern out of them.
        """
        raise NotImplementedError

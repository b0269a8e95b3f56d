"""The hidden checks of gpt_addition.encoding: other problems (up to 5 digits) and answers."""
import random

_rng = random.Random(7_070_707)
CASES = {
    "problems": [dict(operands=[(_rng.randrange(10**n), _rng.randrange(10**n), n) for n in (1, 2, 3, 4, 5, 5, 2, 3)]
                      + [(10**4 - 1, 1, 4), (0, 10**5 - 1, 5)])],
    "answers": [dict(strings=["50", "0001", "00000", "99999", "10", "9", "1+", "5=", "-12", "3 4", "00009"])],
}

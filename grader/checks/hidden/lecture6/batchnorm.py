"""The hidden checks of lecture6.batchnorm: the public ones with other sizes, momentum and eps."""

CASES = {"batchnorm_3d": [dict(shape=(7, 3, 5), seed=111, momentum=0.05, eps=1e-2, steps=3)],
         "batchnorm_2d": [dict(shape=(9, 4), seed=112, momentum=0.2, eps=1e-2)],
         "batchnorm_grads": [dict(shape=(6, 3), seed=113)]}

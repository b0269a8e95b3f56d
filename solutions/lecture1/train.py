"""Lecture 1, part 3: train the MLP on the lecture's four examples by gradient descent.

Each step is the lecture's loop: forward every example, add up the squared errors,
reset the gradients, ``loss.backward()``, and nudge every parameter against its
gradient. Forget the reset and each step's gradients pile onto the last ones (the bug
the lecture finds live): the loss still goes down for a while, but not the way it should.

This file uses your ``MLP`` (nn.py) and ``Value`` (engine.py): get those right first.
"""

# The lecture's tiny dataset: four inputs of three numbers and their targets.
xs = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
ys = [1.0, -1.0, -1.0, 1.0]


def mse_loss(model, xs, ys):
    """The lecture's loss: ``sum((yout - ygt)**2)`` over the examples, as a Value.

    ``ypred = [model(x) for x in xs]``, then the sum over ``zip(ys, ypred)`` (a sum, not
    a mean, as in the lecture).
    """
    # BEGIN SOLUTION
    ypred = [model(x) for x in xs]
    return sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
    # END SOLUTION


def train(model, xs, ys, steps=20, lr=0.05):
    """Gradient descent on ``mse_loss``; returns the list of the ``steps`` losses (floats).

    Each step: forward (the loss before the update, as ``loss.data``, goes into the
    list), set every parameter's ``grad`` to 0 (``model.zero_grad()``), ``loss.backward()``,
    then ``p.data += -lr * p.grad`` for every ``p`` in ``model.parameters()``.
    """
    # BEGIN SOLUTION
    losses = []
    for k in range(steps):
        loss = mse_loss(model, xs, ys)
        losses.append(loss.data)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += -lr * p.grad
    return losses
    # END SOLUTION

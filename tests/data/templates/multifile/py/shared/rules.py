from .. import util


def double(n):
    return n * 2 + util.helper() - 42

from util import helper
from shared import NAME
from shared.rules import double


def handler(event, context):
    return {"helper": helper(), "shared": NAME, "double": double(21)}

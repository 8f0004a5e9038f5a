"""StepLab's botocore: the part of botocore a Lambda handler sees (exceptions, clients, responses).

The real botocore ships the service models (tens of MB of JSON) and an HTTP stack; StepLab's clients
know the operations of the services StepLab emulates and hand each call to the host (the
`_steplab_host.aws_call` native function), which answers from its in-memory services.
"""

__version__ = "1.38.36"


def xform_name(name, sep="_"):
    """`ListObjectsV2` -> `list_objects_v2`, botocore's operation name to method name."""
    if sep in name:
        return name
    out = []
    for i, c in enumerate(name):
        if c.isupper() and i > 0:
            prev = name[i - 1]
            nxt = name[i + 1] if i + 1 < len(name) else ""
            if prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower()):
                out.append(sep)
        out.append(c)
    return "".join(out).lower()

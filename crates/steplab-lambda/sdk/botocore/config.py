"""botocore.config.Config: accepted and kept (StepLab's clients have no network to tune)."""


class Config(object):
    OPTION_DEFAULTS = {
        "region_name": None,
        "signature_version": None,
        "user_agent": None,
        "user_agent_extra": None,
        "user_agent_appid": None,
        "connect_timeout": 60,
        "read_timeout": 60,
        "parameter_validation": True,
        "max_pool_connections": 10,
        "proxies": None,
        "proxies_config": None,
        "s3": None,
        "retries": None,
        "client_cert": None,
        "inject_host_prefix": True,
        "endpoint_discovery_enabled": None,
        "use_dualstack_endpoint": None,
        "use_fips_endpoint": None,
        "tcp_keepalive": None,
        "request_min_compression_size_bytes": None,
        "disable_request_compression": None,
        "defaults_mode": None,
        "sigv4a_signing_region_set": None,
    }

    def __init__(self, *args, **kwargs):
        names = list(self.OPTION_DEFAULTS)
        if len(args) > len(names):
            raise TypeError("Takes at most %s arguments (%s given)" % (len(names), len(args)))
        values = dict(self.OPTION_DEFAULTS)
        for name, value in zip(names, args):
            values[name] = value
        for name, value in kwargs.items():
            if name not in self.OPTION_DEFAULTS:
                raise TypeError("Got unexpected keyword argument '%s'" % name)
            values[name] = value
        self._user_provided_options = dict(kwargs)
        for name, value in values.items():
            setattr(self, name, value)

    def merge(self, other_config):
        merged = dict(self._user_provided_options)
        merged.update(other_config._user_provided_options)
        return Config(**merged)

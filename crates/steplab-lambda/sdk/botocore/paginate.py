"""botocore.paginate: paginators over the operations that page (one token in, one token out)."""


class PageIterator(object):
    def __init__(self, method, config, params, pagination_config):
        self._method = method
        self._input_token, self._output_token, self._result_key, self._limit_key = config
        self._params = params
        self._max_items = pagination_config.get("MaxItems")
        self._page_size = pagination_config.get("PageSize")
        self._starting_token = pagination_config.get("StartingToken")
        self.resume_token = None

    @property
    def result_keys(self):
        return [self._result_key]

    def __iter__(self):
        params = dict(self._params)
        if self._page_size is not None and self._limit_key:
            params[self._limit_key] = self._page_size
        if self._starting_token is not None:
            params[self._input_token] = self._starting_token
        count = 0
        while True:
            page = self._method(**params)
            items = page.get(self._result_key)
            if self._max_items is not None and isinstance(items, list):
                left = self._max_items - count
                if len(items) >= left:
                    page[self._result_key] = items[:left]
                    count += left
                    yield page
                    return
            if isinstance(items, list):
                count += len(items)
            yield page
            token = page.get(self._output_token)
            if not token:
                return
            params[self._input_token] = token

    def build_full_result(self):
        result = {self._result_key: []}
        for page in self:
            result[self._result_key].extend(page.get(self._result_key, []))
            for key in ("Count", "ScannedCount"):
                if key in page:
                    result[key] = result.get(key, 0) + page[key]
        return result

    def search(self, expression):
        raise NotImplementedError("JMESPath search is not in StepLab's botocore")


class Paginator(object):
    PAGE_ITERATOR_CLS = PageIterator

    def __init__(self, method, config):
        self._method = method
        self._config = config

    def paginate(self, **kwargs):
        pagination_config = kwargs.pop("PaginationConfig", None) or {}
        return self.PAGE_ITERATOR_CLS(self._method, self._config, kwargs, pagination_config)

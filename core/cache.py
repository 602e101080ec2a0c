"""Django's Redis cache, with one redis.Redis client per connection pool instead of one per call.

Django's RedisCacheClient makes a new redis.Redis for every cache call, and each one fills a
table of some 200 response callbacks: 0.3-0.5 ms of the 7 ms an agreements list page of cached
rows costs (two calls a page; alternating runs in process, close to their spread). A client only
wraps its pool, which stays the one connections come from.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

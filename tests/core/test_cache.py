"""core.cache.RedisCache: Django's Redis cache, one client per connection pool."""

from django.core.cache import caches

from core.cache import RedisCache


def test_the_api_row_cache_reuses_its_client_and_still_round_trips():
    cache = caches["api_rows"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
    cache.set_many({"test-cache:a": {"row": 1}, "test-cache:b": [2]}, 30)
    assert cache.get_many(["test-cache:a", "test-cache:b", "test-cache:none"]) == {
        "test-cache:a": {"row": 1},
        "test-cache:b": [2],
    }
    cache.delete_many(["test-cache:a", "test-cache:b"])
    assert cache.get("test-cache:a") is None

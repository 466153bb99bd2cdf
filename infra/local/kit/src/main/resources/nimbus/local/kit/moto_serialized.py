"""moto's server, with DynamoDB's isolation.

DynamoDB applies each request, and each transaction as a whole, atomically: a transaction's conditions
and writes cannot interleave with another request's. moto's threaded server checks and writes without
a lock, so two racing transactions can both pass their conditions. This runs moto's own application
(threaded as usual) but lets one DynamoDB request in at a time, so races resolve as they do on AWS.

It also keeps moto's memory bounded over a long test run (see the two patches below).

Usage: python3 moto_serialized.py HOST PORT
"""
import copy
import sys
import threading
import types

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodbstreams.models import DynamoDBStreamsBackend
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


# moto backs up every table a transaction names with a deep copy, and a cancelled transaction swaps the copy in. Every
# stream iterator handed out before still points at the swapped-out table, so each cancelled transaction kept a
# whole table (items and stream records) alive, and the stream readers stopped seeing new records: a test run grew
# moto past 10 GB. Here the backup is a journal of the items the transaction names, restored in place.
def _deepcopy_all_but_tables(value, memo=None):
    return value if isinstance(value, dynamodb_models.Table) else copy.deepcopy(value, memo)


dynamodb_models.copy = types.SimpleNamespace(deepcopy=_deepcopy_all_but_tables)
_transact_write_items = dynamodb_models.DynamoDBBackend.transact_write_items


def _key_of(table, op_type, op):
    attrs = op.get("Item") if op_type == "Put" else op.get("Key")
    try:
        hash_key = DynamoType(attrs[table.hash_key_attr])
        range_key = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        return hash_key, range_key
    except (KeyError, TypeError):
        return None


def _restore(table, hash_key, range_key, before):
    if range_key is None:
        if before is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = before
    elif before is None:
        table.items.get(hash_key, {}).pop(range_key, None)
    else:
        table.items[hash_key][range_key] = before


def transact_write_items(self, transact_items):
    journal, streams = [], {}
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
        key = _key_of(table, op_type, op) if table is not None else None
        if key is None:
            continue
        journal.append((table, *key, copy.deepcopy(table.get_item(*key))))
        if table.stream_shard is not None:
            streams[id(table)] = (table.stream_shard, len(table.stream_shard.items))
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for table, hash_key, range_key, before in reversed(journal):
            _restore(table, hash_key, range_key, before)
        for shard, length in streams.values():
            del shard.items[length:]
        raise


dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items

# moto keeps every shard iterator it hands out, and each GetRecords hands out one more; AWS expires them after 15
# minutes. Keep the newest ones only.
_get_records = DynamoDBStreamsBackend.get_records
KEPT_ITERATORS = 10_000


def get_records(self, iterator_arn, limit):
    records = _get_records(self, iterator_arn, limit)
    while len(self.shard_iterators) > KEPT_ITERATORS:
        del self.shard_iterators[next(iter(self.shard_iterators))]
    return records


DynamoDBStreamsBackend.get_records = get_records

moto = DomainDispatcherApplication(create_backend_app)
dynamodb = threading.Lock()


def app(environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with dynamodb:
            # Drain the whole answer inside the lock: moto builds it while iterating.
            return [b"".join(moto(environ, start_response))]
    return moto(environ, start_response)


if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), app, threaded=True)

"""Writing many records at once, each with its history row."""

from django.db import connections, router
from django.utils import timezone


def bulk_create_recorded(model, objs: list, user=None, batch_size: int | None = None):
    """`bulk_create`, and a history row ("+", by `user`) for each record created.

    The database copies the new rows into the history table itself (INSERT ... SELECT),
    so an import of tens of thousands of records builds no Python object per history row:
    simple-history's `bulk_create_with_history` doubled the time of the NYPD import.
    """
    created = model._base_manager.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    history_date = history._meta.get_field("history_date").get_db_prep_save(
        timezone.now(), connection
    )
    size = min(connection.features.max_query_params or 1000, 1000) - 10
    pks = [obj.pk for obj in created]
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, "
                "history_date, history_type, history_user_id, history_change_reason) "
                f"SELECT {columns}, %s, %s, %s, %s "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {pk}",
                [history_date, "+", user.pk if user else None, None, *chunk],
            )
    return created

"""Region scope: a code is a path, and scope is a code prefix.

Every record that belongs to a place stores its region code (the `region` foreign key's
column is the code itself, since a region's primary key is its code). Reading a record
goes through `visible_to(user)`, which keeps only rows under one of the user's posts
that grant the model's view capability. Anything else is a 404, never a 403.

The `prefix` lookup is the one indexed comparison behind it. Django's `startswith`
emits `LIKE … ESCAPE`, which SQLite cannot answer from an index; a half-open range
`code >= p AND code < p || '~'` can, and on PostgreSQL a `LIKE 'p%'` uses the
`varchar_pattern_ops` index Django builds next to every indexed char column, whatever
the database's collation.
"""

from django.db import models
from django.db.models import Q

# Codes are digits and capital letters (grids use "W"); "~" sorts after all of them.
PREFIX_UPPER_BOUND = "~"


class Prefix(models.Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = str(self.rhs)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, prefix + PREFIX_UPPER_BOUND]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = str(self.rhs).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs}::text LIKE %s", [*lhs_params, escaped + "%"]


models.CharField.register_lookup(Prefix)
models.ForeignKey.register_lookup(Prefix)


def prefix_q(field, code):
    return Q(**{f"{field}__prefix": code})


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to places.

    A model using it sets, on the model class:
      scope_fields      fields whose values are region codes (default: ("region",));
                        a row is in scope if any of them is under the post's region;
      grid_field        optional: the field linking a row to the grid that serves it,
                        so that a grid worker sees exactly their grid's rows;
      view_capability   the capability that lets a post read these rows.
    """

    def within(self, code):
        query = Q()
        for field in scope_fields(self.model):
            query |= prefix_q(field, code)
        return self.filter(query)

    def visible_to(self, user, capability=None):
        from xiangzhi.accounts.permissions import posts_with_capability

        capability = capability or self.model.view_capability
        if user is None or not user.is_authenticated:
            return self.none()
        query = Q()
        for post in posts_with_capability(user, capability):
            query |= scope_q_for_post(self.model, post)
        if not query:
            return self.none()
        return self.filter(query)


def scope_fields(model):
    return getattr(model, "scope_fields", ("region",))


def scope_q_for_post(model, post):
    grid_field = getattr(model, "grid_field", None)
    if post.region.is_grid and grid_field:
        return Q(**{grid_field: post.region_id})
    query = Q()
    for field in scope_fields(model):
        query |= prefix_q(field, post.region_id)
    return query

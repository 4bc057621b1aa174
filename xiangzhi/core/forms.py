"""Pages put an action's refusal where the user typed: the one helper every module's views use."""


def add_action_errors(form, error, renames=None):
    """Put an action's ValidationError on the form: on the field it names (an action field the
    form calls otherwise is mapped by `renames`), else at the top of the form."""
    renames = renames or {}
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, messages in items:
        if field not in form.fields:
            field = renames.get(field, field)
        form.add_error(field if field in form.fields else None, list(messages))

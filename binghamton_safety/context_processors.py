from .roles import is_editor, is_viewer


def roles(request):
    user = request.user
    return {"can_edit": is_editor(user), "can_view_staff": is_viewer(user)}

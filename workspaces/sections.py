"""Sections other apps add to a workspace's page (its members page), registered in their
`AppConfig.ready()`: the workspaces app draws them without importing those apps.

    from workspaces.sections import WorkspaceSection, workspace_sections

    workspace_sections.register(
        WorkspaceSection(key="backups", template="backups/_workspace_section.html", context=backups_context, order=10)
    )

`context(request, workspace)` returns the template's context (the workspace, annotated with the
user's `user_role`, is in it anyway); it decides what the user may see and do there, as every view does.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .models import Workspace


@dataclass(frozen=True)
class WorkspaceSection:
    key: str
    template: str
    context: Callable[[HttpRequest, Workspace], dict]
    order: int = 100


class WorkspaceSections:
    def __init__(self) -> None:
        self._sections: dict[str, WorkspaceSection] = {}

    def register(self, section: WorkspaceSection) -> None:
        self._sections[section.key] = section

    def render(self, request: HttpRequest, workspace: Workspace) -> list[SafeString]:
        return [
            render_to_string(
                section.template, {"workspace": workspace, **section.context(request, workspace)}, request=request
            )
            for section in sorted(self._sections.values(), key=lambda section: (section.order, section.key))
        ]


workspace_sections = WorkspaceSections()

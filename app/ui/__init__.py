"""The workstation: PySide6 windows over the application layer (never SQL, never business rules).

Entry point `app.ui.app.run_gui(args)`; the main window shows the workspaces registered in
`app.ui.workspaces` that the logged-in user has rights for.
"""

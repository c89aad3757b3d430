"""The one base of errors staff can fix from the message alone."""


class StaffError(Exception):
    """An error whose message says what is wrong and how to fix it: the tasks show it
    without a traceback. Each capability's fixable errors derive from it, so the command
    line needs to know none of them."""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out account+address before the password is checked.

    Sign-ins made in code without a request (a management command, the test client's
    login()) have no address to lock, so they pass on to the password check unthrottled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

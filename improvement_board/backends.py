from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out account+address before the password is checked.

    Sign-ins made in code without a request (a management command, the test client's
    login()) have no address to lock, so they pass on to the password check unthrottled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LocalPasswordBackend(ModelBackend):
    """Usernames and passwords; when LOCAL_PASSWORD_SIGN_IN is off, only superusers'.

    With single sign-on on, a council turns local passwords off so that leaving the
    organisation (a disabled account at the provider) ends access; the superuser stays as
    the way in when the provider is down.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not (settings.LOCAL_PASSWORD_SIGN_IN or user.is_superuser):
            return None
        return user

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A council officer or Board member. Job title appears beside the name in Board papers."""

    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

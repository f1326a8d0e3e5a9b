"""Operations on the whole service: backup and restore of the database and the uploaded
files (``backup.py``; README, "Backups"). At the top of the layers: it may use any app,
and no app uses it. (Not named ``backups``: that is the folder the archives go to.)"""

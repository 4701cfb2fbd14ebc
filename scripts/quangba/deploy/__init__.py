"""The province's server: releases and rollback (``publish.py``), the web server's configuration
(``server_config.py``), the next moment the output changes by itself (``next_update.py``);
the commands in ``commands.py``; ``templates/server/`` holds the systemd service and timer."""

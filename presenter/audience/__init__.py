"""The audience vote server (aiohttp): the phone page, its security, and the load simulator."""

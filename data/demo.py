"placeholder replaced below"
def generate(companies, families=None):
    pass

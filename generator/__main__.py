from generator.cli import lancer

lancer()

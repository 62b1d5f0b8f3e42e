from toolkit.shell.cli import main

main()

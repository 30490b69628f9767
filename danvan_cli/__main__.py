from danvan_cli.cli import main

main()

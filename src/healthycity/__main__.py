from healthycity.cli import main

main()

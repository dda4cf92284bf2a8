import Foundation

// m3m: the command line. Thin: it parses arguments and calls the modules.
exit(M3M.main())

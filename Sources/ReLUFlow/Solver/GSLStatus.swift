import CGSL

/// GSL's status codes as the Int32 its functions return.
enum GSLStatus {
    static let success = Int32(GSL_SUCCESS)
    static let badFunction = Int32(GSL_EBADFUNC)
}

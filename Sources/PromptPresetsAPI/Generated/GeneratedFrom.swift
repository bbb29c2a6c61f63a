// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "22b512218f4ddd55e4644d8e5538dcd7df896be4fa33fc356e272fa1cf66d7f8"
}

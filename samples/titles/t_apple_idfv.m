/* apple_idfv: sample title (t), Apple platforms only. LEAKY, Objective-C.
 *
 * What it does: reads the identifier for vendor (IDFV) of the device
 * (-[UIDevice identifierForVendor] on +[UIDevice currentDevice]), turns it
 * into text (-[NSUUID UUIDString]), formats it into a URL on a made-up
 * analytics host (+[NSString stringWithFormat:], +[NSURL URLWithString:])
 * and fetches that URL with the shared URL session (-[NSURLSession
 * dataTaskWithURL:], -[NSURLSessionTask resume]).
 *
 * What cordon must find: one exfiltration path, source
 * -[UIDevice identifierForVendor] (apple, identity) to sink
 * -[NSURLSession dataTaskWithURL:] with the endpoint
 * events.example-analytics.test: high under zero-trust.
 *
 * Built only as Mach-O (samples/cmake/MachOSamples.cmake): the classes are
 * declared here (Debian has no Apple SDK headers) and bound at link time to
 * the text-based stubs of UIKit and Foundation in samples/macos/. It is
 * scanned, never run. */
__attribute__((objc_root_class)) @interface NSObject
+ (instancetype)alloc;
- (instancetype)init;
@end

@interface NSString : NSObject
+ (instancetype)stringWithFormat:(NSString*)format, ...;
@end

@interface NSUUID : NSObject
- (NSString*)UUIDString;
@end

@interface UIDevice : NSObject
+ (UIDevice*)currentDevice;
- (NSUUID*)identifierForVendor;
@end

@interface NSURL : NSObject
+ (instancetype)URLWithString:(NSString*)text;
@end

@interface NSURLSessionTask : NSObject
- (void)resume;
@end

@interface NSURLSession : NSObject
+ (NSURLSession*)sharedSession;
- (NSURLSessionTask*)dataTaskWithURL:(NSURL*)url;
@end

__attribute__((noinline)) static NSString* vendor_id(void) {
  return [[[UIDevice currentDevice] identifierForVendor] UUIDString];
}

__attribute__((noinline)) static void post_event(NSString* id_text) {
  NSString* text =
      [NSString stringWithFormat:@"https://events.example-analytics.test/collect?idfv=%@", id_text];
  NSURL* url = [NSURL URLWithString:text];
  [[[NSURLSession sharedSession] dataTaskWithURL:url] resume];
}

int main(void) {
  post_event(vendor_id());
  return 0;
}

/* Objective-C message sends for the binary front end's tests: a class
 * method on a class reference, an instance method on what it returned, a
 * send to a receiver of unknown class. Linked against the samples' stubs of
 * libobjc, Foundation and UIKit; only compiled and analysed, never run. */
__attribute__((objc_root_class)) @interface NSObject
@end

@interface NSUUID : NSObject
- (id)UUIDString;
@end

@interface UIDevice : NSObject
+ (UIDevice*)currentDevice;
- (NSUUID*)identifierForVendor;
@end

void report(id value);

void vendor_id(void) { report([[[UIDevice currentDevice] identifierForVendor] UUIDString]); }

int main(void) {
  vendor_id();
  return 0;
}

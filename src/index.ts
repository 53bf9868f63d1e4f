// placeholder entry; replaced by the real bootstrap
export {};
